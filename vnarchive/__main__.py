from vnarchive.cli import main

main()
