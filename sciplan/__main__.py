from sciplan.cli import main

main()
