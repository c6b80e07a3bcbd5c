import sys

try:
    from pipeline.cli import main
except KeyboardInterrupt:      # Ctrl-C in the first milliseconds, before the command line can report
    print("interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
