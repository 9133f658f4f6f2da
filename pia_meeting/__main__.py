import sys

from pia_meeting.cli import main

sys.exit(main())
