/* test_tshark_args.c: two-pass detection on tshark command lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "plugins/core/tshark_args.h"

#define TWO_PASS(...) ({ char *v[] = { "tshark", __VA_ARGS__ }; ss_tshark_two_pass(G_N_ELEMENTS(v), v); })

static void test_plain(void **state)
{
    (void)state;
    assert_true(TWO_PASS("-2", "-r", "x.pcap"));
    assert_true(TWO_PASS("-r", "x.pcap", "-q", "-2", "-z", "sipladder"));
    assert_true(TWO_PASS("-q2", "-r", "x.pcap"));
    assert_true(TWO_PASS("-nq2", "-r", "x.pcap"));
    assert_false(TWO_PASS("-r", "x.pcap", "-q", "-z", "sipladder"));
    assert_false(TWO_PASS("-q"));
}

static void test_arguments_are_not_options(void **state)
{
    (void)state;
    /* a 2 inside an option's argument */
    assert_false(TWO_PASS("-r", "-2.pcap"));
    assert_false(TWO_PASS("-Y", "frame.number==2", "-r", "x"));
    assert_false(TWO_PASS("-r-2", "-q"));
    assert_false(TWO_PASS("-c", "2"));
    assert_false(TWO_PASS("-c2"));
    assert_false(TWO_PASS("-o", "x:2", "-z", "-2"));
    assert_false(TWO_PASS("--disable-protocol", "-2", "-r", "x"));
    assert_true(TWO_PASS("--disable-protocol=x", "-2"));
    assert_false(TWO_PASS("--log-level", "-2"));
    assert_true(TWO_PASS("--color", "-2"));
    /* options end at the first operand (a capture filter) or "--" */
    assert_false(TWO_PASS("-i", "eth0", "udp", "-2"));
    assert_false(TWO_PASS("--", "-2"));
}

#define EXPERT(...) ({ char *v[] = { "tshark", __VA_ARGS__ }; ss_tshark_expert_tap(G_N_ELEMENTS(v), v); })

static void test_expert_tap(void **state)
{
    (void)state;
    assert_true(EXPERT("-r", "x.pcap", "-q", "-z", "expert"));
    assert_true(EXPERT("-q", "-zexpert,warn"));
    assert_true(EXPERT("-z", "sipladder", "-z", "expert,note,sip"));
    assert_false(EXPERT("-z", "sipladder"));
    assert_false(EXPERT("-z", "expertise"));
    assert_false(EXPERT("-r", "expert"));
    assert_false(EXPERT("-Y", "-z expert"));
    assert_false(EXPERT("-i", "eth0", "udp", "-z", "expert"));
    assert_false(EXPERT("-z"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_arguments_are_not_options),
        cmocka_unit_test(test_expert_tap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
