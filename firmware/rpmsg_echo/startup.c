/*
 * Start-up of rpmsg_echo: the STM32MP15 M4 vector table (16 system vectors + 150 IRQs) with the IPCC
 * "RX occupied" interrupt of the M4 (IRQn 103, IPCC_RX1) wired to the program, and the C run-time set-up.
 */
#include <stdint.h>

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
extern int main(void);
void IPCC_RX1_IRQHandler(void);

void Reset_Handler(void);
static void Fault_Handler(void);

#define NUM_IRQS 150
#define IRQ_IPCC_RX1 103

__attribute__((section(".isr_vector"), used)) void (*const vector_table[16 + NUM_IRQS])(void) = {
    (void (*)(void))&_estack,
    Reset_Handler,
    [2 ... 15] = Fault_Handler,
    [16 ... 16 + NUM_IRQS - 1] = Fault_Handler,
    [16 + IRQ_IPCC_RX1] = IPCC_RX1_IRQHandler,
};

void Reset_Handler(void)
{
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    main();
    for (;;) {
        __asm volatile("wfi");
    }
}

/* An unexpected exception: stop here; the host sees a silent M4 (and a watchdog, if one runs). */
static void Fault_Handler(void)
{
    for (;;) {
        __asm volatile("wfi");
    }
}

/* The compiler may emit calls to these for structure copies and clears. */
void *memcpy(void *dst, const void *src, unsigned int n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memset(void *dst, int c, unsigned int n)
{
    uint8_t *d = dst;
    while (n--) {
        *d++ = (uint8_t)c;
    }
    return dst;
}
