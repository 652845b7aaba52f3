#define BUS_SIZE 0x100
