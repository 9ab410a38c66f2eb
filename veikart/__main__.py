from veikart.cli import main

main()
