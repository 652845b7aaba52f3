/* FPU: single-precision arithmetic with FPv4-SP (vfma, vsqrt, vdiv, conversions). */
#include "m4.h"

static volatile float inputs[4] = {1.5f, -2.25f, 3.0f, 0.1f};

int main(void)
{
    float a = inputs[0], b = inputs[1], c = inputs[2], d = inputs[3];
    float fma = __builtin_fmaf(a, b, c);           /* 1.5 * -2.25 + 3 = -0.375 */
    float root = __builtin_sqrtf(c * c + 16.0f);   /* 5 */
    float quot = c / d;                             /* 30 (rounded) */
    float acc = 0.0f;
    for (int i = 1; i <= 100; i++) {
        acc += 1.0f / (float)i;                      /* harmonic number H(100) */
    }
    int conv = (int)(b * 4.0f);                      /* -9 */
    union { float f; uint32_t u; } u;
    u.f = fma; TESTDEV_RESULT(0) = u.u;
    u.f = root; TESTDEV_RESULT(1) = u.u;
    u.f = quot; TESTDEV_RESULT(2) = u.u;
    u.f = acc; TESTDEV_RESULT(3) = u.u;
    TESTDEV_RESULT(4) = (uint32_t)conv;
    return 0;
}
