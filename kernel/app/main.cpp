#include <cstdio>

int main() { std::puts("nucleus"); return 0; }
