/* tap-sipladder.c: registration of sipscope's tap listeners (ladder, CDR, stats, tables). */
#include <wireshark.h>
#include <epan/tap.h>

#include "plugins/core/sipscope.h"

void sipladder_register_taps(void)
{
}
