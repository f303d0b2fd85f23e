# This file name is taken: importing support-assistant-v1 into a new file of this folder must not overwrite it.
