/*
 * Priorities, preemption, tail-chaining, BASEPRI and PRIMASK. Every handler appends a code to
 * trace[]; the test checks the exact order. PRIGROUP 3 (4 preemption bits, as ST's HAL sets it).
 */
#include "m4.h"

static volatile uint32_t trace[32];
static volatile uint32_t n;
static volatile uint32_t nest_level, max_nest;

static void log_event(uint32_t code) { trace[n++] = code; }

void IRQ0_Handler(void) /* priority 0x80 */
{
    nest_level++;
    if (nest_level > max_nest) max_nest = nest_level;
    log_event(0x10);
    STIR = 1; /* higher priority (0x40): preempts once the write completes (DSB+ISB, ARMv7-M B3.4.1) */
    dsb_isb();
    log_event(0x11);
    STIR = 2; /* lower priority (0xC0): pends, runs after we return (tail-chain) */
    dsb_isb();
    log_event(0x12);
    TESTDEV_RESULT(8) = NVIC_ISPR(0); /* IRQ2 still pending while we run */
    nest_level--;
}

void IRQ1_Handler(void) /* priority 0x40 */
{
    nest_level++;
    if (nest_level > max_nest) max_nest = nest_level;
    log_event(0x20 | (NVIC_IABR(0) & 0xF)); /* active bits: IRQ0 and IRQ1 while nested */
    nest_level--;
}

void IRQ2_Handler(void) /* priority 0xC0 */
{
    log_event(0x30 | (NVIC_IABR(0) & 0xF));
}

void IRQ3_Handler(void) /* priority 0x80, same as IRQ0: lower number wins */
{
    log_event(0x40);
}

int main(void)
{
    AIRCR = AIRCR_VECTKEY | (3u << 8);
    NVIC_IPR8(0) = 0x80;
    NVIC_IPR8(1) = 0x40;
    NVIC_IPR8(2) = 0xC0;
    NVIC_IPR8(3) = 0x80;
    for (unsigned i = 0; i < 4; i++) nvic_enable(i);

    log_event(1);
    STIR = 0;                 /* IRQ0 -> IRQ1 nested -> back -> IRQ2 tail-chained */
    dsb_isb();
    log_event(2);

    set_basepri(0x80);        /* masks priorities >= 0x80 */
    nvic_pend(0);
    dsb_isb();
    log_event(3);             /* IRQ0 must not have run */
    TESTDEV_RESULT(9) = NVIC_ISPR(0) & 1u;
    nvic_disable(0);          /* pending survives disabling */
    set_basepri(0);
    dsb_isb();
    log_event(4);             /* still nothing: disabled */
    nvic_enable(0);           /* now IRQ0 runs, with IRQ1 and IRQ2 again */
    dsb_isb();
    log_event(5);

    disable_irq();
    nvic_pend(3);
    nvic_pend(1);
    dsb_isb();
    log_event(6);             /* PRIMASK holds both */
    enable_irq();             /* IRQ1 (0x40) first, then IRQ3 */
    dsb_isb();
    log_event(7);

    disable_irq();
    nvic_pend(3);             /* same priority as IRQ0: IRQ0 (lower number) goes first when both pend */
    nvic_disable(1);
    nvic_disable(2);
    nvic_pend(0);
    enable_irq();
    dsb_isb();
    log_event(8);

    TESTDEV_RESULT(0) = n;
    TESTDEV_RESULT(1) = max_nest;
    for (uint32_t i = 0; i < n && i < 40; i++) {
        TESTDEV_RESULT(10 + i) = trace[i];
    }
    return 0;
}
