/*
 * Benchmark: a CoreMark-like mix written for mp15sim (not CoreMark's code): linked-list search and
 * reversal, a 16-bit integer matrix multiply, a text state machine and CRC-16, with SysTick at
 * 1 kHz. bench_mix_run() is also called directly on a bare Unicorn for the raw baseline.
 */
#include "m4.h"

volatile uint32_t bench_iterations = 200u;
volatile uint32_t bench_ticks;

void SysTick_Handler(void)
{
    bench_ticks++;
}

#define LIST_LEN 64
#define MAT_N 12

struct node {
    struct node *next;
    int16_t key;
    int16_t value;
};

static struct node nodes[LIST_LEN];
static int16_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N];
static int32_t mat_c[MAT_N][MAT_N];
static const char text[] = "5012,-17,3.25e4,abc,+99,0x1F,7.,-0.5e-3,12345678,#,$,  42  ,";

static uint16_t crc16(uint16_t crc, uint32_t data, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(data >> (8 * i));
        for (int b = 0; b < 8; b++) {
            crc = (crc & 1u) ? (uint16_t)((crc >> 1) ^ 0xA001u) : (uint16_t)(crc >> 1);
        }
    }
    return crc;
}

static struct node *list_build(uint32_t seed)
{
    for (int i = 0; i < LIST_LEN; i++) {
        nodes[i].next = i + 1 < LIST_LEN ? &nodes[i + 1] : 0;
        nodes[i].key = (int16_t)((i * 37 + seed) & 0xFF);
        nodes[i].value = (int16_t)(i ^ seed);
    }
    return &nodes[0];
}

static struct node *list_reverse(struct node *head)
{
    struct node *prev = 0;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static int32_t list_find(struct node *head, int16_t key)
{
    int32_t pos = 0;
    for (; head; head = head->next, pos++) {
        if (head->key == key) return pos;
    }
    return -1;
}

static uint16_t matrix(uint32_t seed)
{
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            mat_a[i][j] = (int16_t)((i * j + seed) & 0x7F);
            mat_b[i][j] = (int16_t)((i - j) * (int32_t)seed & 0xFF);
        }
    }
    uint16_t crc = 0;
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            int32_t acc = 0;
            for (int k = 0; k < MAT_N; k++) acc += mat_a[i][k] * mat_b[k][j];
            mat_c[i][j] = acc;
            crc = crc16(crc, (uint32_t)acc, 2);
        }
    }
    return crc;
}

enum state { START, INT, FLOAT, EXP, SCI, INVALID };

static uint16_t state_machine(uint32_t seed)
{
    uint32_t counts[6] = {0};
    enum state s = START;
    for (const char *p = text; *p; p++) {
        char c = (char)(*p ^ (char)(seed & 1u));
        if (c == ',') {
            counts[s]++;
            s = START;
            continue;
        }
        switch (s) {
        case START: s = (c >= '0' && c <= '9') || c == '+' || c == '-' ? INT : c == '.' ? FLOAT : INVALID; break;
        case INT: s = c == '.' ? FLOAT : (c >= '0' && c <= '9') ? INT : INVALID; break;
        case FLOAT: s = c == 'e' || c == 'E' ? EXP : (c >= '0' && c <= '9') ? FLOAT : INVALID; break;
        case EXP: s = c == '-' || c == '+' || (c >= '0' && c <= '9') ? SCI : INVALID; break;
        case SCI: s = (c >= '0' && c <= '9') ? SCI : INVALID; break;
        default: break;
        }
    }
    uint16_t crc = 0;
    for (int i = 0; i < 6; i++) crc = crc16(crc, counts[i], 4);
    return crc;
}

uint32_t bench_mix_run(uint32_t iterations)
{
    uint16_t crc = 0;
    for (uint32_t it = 0; it < iterations; it++) {
        struct node *head = list_build(it);
        head = list_reverse(head);
        crc = crc16(crc, (uint32_t)list_find(head, (int16_t)((it * 37) & 0xFF)), 4);
        crc = crc16(crc, (uint32_t)list_find(head, 0x1FF), 4);
        crc = crc16(crc, matrix(it), 2);
        crc = crc16(crc, state_machine(it), 2);
    }
    return crc;
}

int main(void)
{
    SHPR8(15) = 0xF0;
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7;
    uint32_t crc = bench_mix_run(bench_iterations);
    SYST_CSR = 0;
    TESTDEV_RESULT(0) = crc;
    TESTDEV_RESULT(1) = bench_ticks;
    return 0;
}
