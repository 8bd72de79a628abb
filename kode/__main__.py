from kode.cli import main

main()
