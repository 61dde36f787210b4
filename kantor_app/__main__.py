import multiprocessing

from kantor_app.cli import main

# Letter batches render in worker processes; a frozen (PyInstaller) build
# must let a worker start here before anything else runs.
multiprocessing.freeze_support()
raise SystemExit(main())
