/*
 * Constants used by the mp15sim STM32MP15 device trees, in the role the Linux dt-bindings headers
 * play upstream (only the values these trees need).
 */

/* Interrupt specifier first cell of the ARM GIC binding. */
#define GIC_SPI 0
#define GIC_PPI 1

/* Trigger types (second/third interrupt cell). */
#define IRQ_TYPE_NONE 0
#define IRQ_TYPE_EDGE_RISING 1
#define IRQ_TYPE_EDGE_FALLING 2
#define IRQ_TYPE_LEVEL_HIGH 4
#define IRQ_TYPE_LEVEL_LOW 8

/*
 * RCC reset identifiers are (register offset * 8 + bit). MCU_R is RCC_MP_GRSTCSETR (0x404)
 * bit 1, MCURST: the reset of the Cortex-M4 subsystem.
 */
#define MCU_R ((0x404 * 8) + 1)

/* Values of the TAMP backup register 18 (M4 state), shared by U-Boot and Linux. */
#define M4_STATE_OFF 0
#define M4_STATE_CRUN 2
