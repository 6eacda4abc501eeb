/* tshark_args.h: whether a tshark 4.0 command line asks for two-pass analysis (-2).
 * Plain C (GLib only). tshark decides once per pass whether to build protocol trees; sipscope
 * reads SIP/RTP/STUN bytes from Wireshark's taps when there is no tree, but tshark's first pass
 * of -2 runs no taps, so only there (and in programs not known to run taps on their first pass)
 * does sipscope ask for a tree on every packet. */
#ifndef SIPSCOPE_TSHARK_ARGS_H
#define SIPSCOPE_TSHARK_ARGS_H

#include <glib.h>

/* argv as tshark's getopt_long sees it ("+" optstring: scanning stops at the first operand). */
gboolean ss_tshark_two_pass(int argc, char *const *argv);
/* Whether it asks for `-z expert`: expert infos raised once the taps run (sipscope's deferred
 * first pass) do not reach that tap, and tshark registers it only after sipscope decided. */
gboolean ss_tshark_expert_tap(int argc, char *const *argv);

#endif
