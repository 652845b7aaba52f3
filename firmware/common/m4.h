/*
 * Minimal ARMv7-M system register definitions for mp15sim test firmware (names as in the ARMv7-M
 * Architecture Reference Manual, section B3.2), plus the mp15sim test device.
 */
#ifndef MP15SIM_M4_H
#define MP15SIM_M4_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define REG8(addr) (*(volatile uint8_t *)(addr))

/* System control space */
#define ICTR        REG32(0xE000E004u)
#define SYST_CSR    REG32(0xE000E010u)
#define SYST_RVR    REG32(0xE000E014u)
#define SYST_CVR    REG32(0xE000E018u)
#define SYST_CALIB  REG32(0xE000E01Cu)
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_ISPR(n) REG32(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n) REG32(0xE000E280u + 4u * (n))
#define NVIC_IABR(n) REG32(0xE000E300u + 4u * (n))
#define NVIC_IPR8(n) REG8(0xE000E400u + (n))
#define CPUID       REG32(0xE000ED00u)
#define ICSR        REG32(0xE000ED04u)
#define VTOR        REG32(0xE000ED08u)
#define AIRCR       REG32(0xE000ED0Cu)
#define SCR         REG32(0xE000ED10u)
#define CCR         REG32(0xE000ED14u)
#define SHPR8(n)    REG8(0xE000ED18u + (n) - 4u) /* n = system exception number 4..15 */
#define SHCSR       REG32(0xE000ED24u)
#define CFSR        REG32(0xE000ED28u)
#define HFSR        REG32(0xE000ED2Cu)
#define MMFAR       REG32(0xE000ED34u)
#define BFAR        REG32(0xE000ED38u)
#define CPACR       REG32(0xE000ED88u)
#define STIR        REG32(0xE000EF00u)
#define FPCCR       REG32(0xE000EF34u)

#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSTSET (1u << 26)
#define AIRCR_VECTKEY  (0x05FAu << 16)
#define AIRCR_SYSRESETREQ (1u << 2)
#define SCR_SLEEPONEXIT (1u << 1)
#define SCR_SLEEPDEEP   (1u << 2)
#define SHCSR_USGFAULTENA (1u << 18)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_MEMFAULTENA (1u << 16)

/*
 * mp15sim test device (sim-core tests model it at this address; it is not part of the STM32MP15).
 * EXIT: the program is done, value = status. PUTC: one character of log. RESULT(n): 32 result words.
 * IRQ_SET / IRQ_CLR: raise / lower external interrupt line n. IRQ_AFTER: raise line (v >> 24) after
 * (v & 0xFFFFFF) microseconds of simulated time. TIME_US: simulated time in microseconds.
 */
#define TESTDEV_BASE 0x4FFF0000u
#define TESTDEV_EXIT       REG32(TESTDEV_BASE + 0x00u)
#define TESTDEV_PUTC       REG32(TESTDEV_BASE + 0x04u)
#define TESTDEV_IRQ_SET    REG32(TESTDEV_BASE + 0x08u)
#define TESTDEV_IRQ_CLR    REG32(TESTDEV_BASE + 0x0Cu)
#define TESTDEV_IRQ_AFTER  REG32(TESTDEV_BASE + 0x10u)
#define TESTDEV_TIME_US    REG32(TESTDEV_BASE + 0x14u)
#define TESTDEV_RESULT(n)  REG32(TESTDEV_BASE + 0x100u + 4u * (n))

/* Core clock the tests configure (the DK2's MCU clock, PLL3P). */
#define CORE_HZ 209000000u

static inline void nvic_enable(unsigned irq) { NVIC_ISER(irq >> 5) = 1u << (irq & 31u); }
static inline void nvic_disable(unsigned irq) { NVIC_ICER(irq >> 5) = 1u << (irq & 31u); }
static inline void nvic_pend(unsigned irq) { NVIC_ISPR(irq >> 5) = 1u << (irq & 31u); }
static inline void set_basepri(uint32_t v) { __asm volatile("msr basepri, %0" ::"r"(v) : "memory"); }
static inline void disable_irq(void) { __asm volatile("cpsid i" ::: "memory"); }
static inline void enable_irq(void) { __asm volatile("cpsie i" ::: "memory"); }
static inline void dsb_isb(void) { __asm volatile("dsb\n isb" ::: "memory"); }
static inline void wfi(void) { __asm volatile("wfi" ::: "memory"); }
static inline uint32_t get_control(void) { uint32_t v; __asm volatile("mrs %0, control" : "=r"(v)); return v; }
static inline uint32_t get_ipsr(void) { uint32_t v; __asm volatile("mrs %0, ipsr" : "=r"(v)); return v; }

void test_exit(uint32_t status) __attribute__((noreturn));
void test_puts(const char *s);

#endif
