/*
 * Benchmark: the 8-instruction Thumb loop of spec unicorn-cortex-m.md §3 (one load, one store),
 * run with SysTick interrupting at 1 kHz. bench_iterations is patched by the benchmark before start.
 * bench_loop is also called directly on a bare Unicorn for the raw baseline.
 */
#include "m4.h"

volatile uint32_t bench_iterations = 1000000u;
volatile uint32_t bench_ticks;
volatile uint32_t bench_cell;

void SysTick_Handler(void)
{
    bench_ticks++;
}

/* r0 = &cell, r1 = iterations; returns the loop counter. 8 instructions per iteration. */
uint32_t bench_loop(volatile uint32_t *p, uint32_t n);
__asm(".global bench_loop\n"
      ".thumb_func\n"
      "bench_loop:\n"
      "  push {r4, r5}\n"
      "  movs r2, #0\n"
      "  movs r3, #0\n"
      "  mov r5, r1\n"
      "  movs r1, #0\n"
      "1:\n"
      "  ldr r2, [r0]\n"
      "  adds r2, #1\n"
      "  str r2, [r0]\n"
      "  adds r1, #1\n"
      "  eors r3, r1\n"
      "  lsls r4, r3, #1\n"
      "  cmp r1, r5\n"
      "  bne 1b\n"
      "  mov r0, r1\n"
      "  pop {r4, r5}\n"
      "  bx lr\n");

int main(void)
{
    SHPR8(15) = 0xF0;
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7;
    uint32_t done = bench_loop(&bench_cell, bench_iterations);
    SYST_CSR = 0;
    TESTDEV_RESULT(0) = done;
    TESTDEV_RESULT(1) = bench_cell;
    TESTDEV_RESULT(2) = bench_ticks;
    return 0;
}
