/*
 * SVC with an argument: the handler takes the SVC number from the instruction before the stacked PC
 * and the arguments from the stacked r0-r1, and returns a value through the stacked r0. It also
 * copies the whole 8-word frame for the test to check.
 */
#include "m4.h"

static volatile uint32_t frame_copy[8];
static volatile uint32_t exc_return_seen;
static volatile uint32_t svc_numbers[4];
static volatile uint32_t svc_count;

void svc_dispatch(uint32_t *frame, uint32_t exc_return)
{
    uint8_t number = ((const uint8_t *)frame[6])[-2];
    svc_numbers[svc_count++ & 3] = number;
    for (int i = 0; i < 8; i++) frame_copy[i] = frame[i];
    exc_return_seen = exc_return;
    if (number == 7) {
        frame[0] = frame[0] * 3u + frame[1];
    } else if (number == 9) {
        frame[0] = 0x900D;
    }
}

__attribute__((naked)) void SVC_Handler(void)
{
    __asm volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mov r1, lr\n"
        "push {r1, lr}\n"
        "bl svc_dispatch\n"
        "pop {r1, pc}\n");
}

static uint32_t svc7(uint32_t a, uint32_t b)
{
    register uint32_t r0 __asm("r0") = a;
    register uint32_t r1 __asm("r1") = b;
    register uint32_t r12 __asm("r12") = 0x12121212u;
    __asm volatile("svc #7" : "+r"(r0) : "r"(r1), "r"(r12) : "memory", "r2", "r3", "lr");
    return r0;
}

int main(void)
{
    uint32_t r = svc7(14, 5);
    TESTDEV_RESULT(0) = r;                 /* 47 */
    for (int i = 0; i < 8; i++) TESTDEV_RESULT(1 + i) = frame_copy[i];
    TESTDEV_RESULT(9) = exc_return_seen;
    register uint32_t r0 __asm("r0") = 0;
    __asm volatile("svc #9" : "+r"(r0) :: "memory", "r1", "r2", "r3", "r12", "lr");
    TESTDEV_RESULT(10) = r0;               /* 0x900D */
    TESTDEV_RESULT(11) = svc_numbers[0];
    TESTDEV_RESULT(12) = svc_numbers[1];
    TESTDEV_RESULT(13) = svc_count;
    return 0;
}
