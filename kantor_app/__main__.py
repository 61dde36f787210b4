from kantor_app.cli import main

raise SystemExit(main())
