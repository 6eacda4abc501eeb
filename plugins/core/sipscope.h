/* sipscope.h: the entry points of each part, called from plugin.c in this order
 * (post-dissectors run in registration order: dialog first, so later parts can read
 * the dialog records of the same frame). */
#ifndef SIPSCOPE_H
#define SIPSCOPE_H

void sipdialog_register(void);
void sipdialog_handoff(void);
void sipauth_register(void);
void sipauth_handoff(void);
void stunverify_register(void);
void stunverify_handoff(void);
void mediabind_register(void);
void mediabind_handoff(void);

/* sip_ladder: tap listeners, stats trees and GUI tables (a tap plugin callback) */
void sipladder_register_taps(void);

#endif
