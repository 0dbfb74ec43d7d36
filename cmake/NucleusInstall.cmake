# Installs the binary, the shipped modules and the module SDK (filled in with the SDK).
