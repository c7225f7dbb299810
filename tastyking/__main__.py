from tastyking.cli.app import main

main()
