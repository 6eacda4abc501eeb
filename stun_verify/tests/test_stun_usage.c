/* Unit tests: stun_usage.c (learned mappings and where they are advertised). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "stun_verify/stun_usage.h"

static ss_endpoint_t ep(const char *a, guint16 p)
{
    ss_endpoint_t e;
    assert_true(ss_endpoint_parse(&e, a, p));
    return e;
}

/* the SPEC's NAT scenario: two mappings, one advertised in SDP, the other never */
static void spec_scenario(void **state)
{
    stun_usage_t *u = stun_usage_new(64);
    ss_endpoint_t m1 = ep("194.95.84.197", 5062), m2 = ep("194.95.84.197", 5063);
    ss_endpoint_t o = ep("194.95.84.197", 0);
    stun_mapping_t *a = stun_usage_learn(u, &m1, 2);
    stun_mapping_t *b = stun_usage_learn(u, &m2, 4);

    assert_int_equal(stun_usage_pending(u), 2);
    /* an address without a port (SDP o=) advertises nothing */
    assert_int_equal(stun_usage_advertise(u, &o, 5, STUN_ADV_SDP_MEDIA), 0);
    assert_int_equal(stun_usage_advertise(u, &m1, 5, STUN_ADV_SDP_MEDIA), 1);
    assert_int_equal(a->used_in, 5);
    assert_int_equal(a->where, STUN_ADV_SDP_MEDIA);
    assert_string_equal(stun_adv_where_str(a->where), "SDP c=/m=");
    /* the first advertisement wins */
    assert_int_equal(stun_usage_advertise(u, &m1, 7, STUN_ADV_CONTACT), 0);
    assert_int_equal(a->used_in, 5);
    assert_int_equal(b->used_in, 0);
    assert_false(b->expired);
    stun_usage_free(u);
}

static void only_later_frames(void **state)
{
    stun_usage_t *u = stun_usage_new(64);
    ss_endpoint_t m = ep("203.0.113.9", 40000);
    stun_mapping_t *a = stun_usage_learn(u, &m, 10);
    assert_int_equal(stun_usage_advertise(u, &m, 10, STUN_ADV_VIA), 0);
    assert_int_equal(stun_usage_advertise(u, &m, 9, STUN_ADV_VIA), 0);
    assert_int_equal(a->used_in, 0);
    assert_int_equal(stun_usage_advertise(u, &m, 11, STUN_ADV_VIA_RECEIVED), 1);
    assert_int_equal(a->used_in, 11);
    stun_usage_free(u);
}

static void shared_while_waiting(void **state)
{
    stun_usage_t *u = stun_usage_new(64);
    ss_endpoint_t m = ep("2001:db8::9", 40000);
    stun_mapping_t *a = stun_usage_learn(u, &m, 2);
    stun_mapping_t *b = stun_usage_learn(u, &m, 4);   /* keepalive with the same mapping */
    stun_mapping_t *c;
    assert_ptr_equal(a, b);
    assert_int_equal(a->learned_frame, 2);
    stun_usage_advertise(u, &m, 5, STUN_ADV_SDP_CANDIDATE);
    c = stun_usage_learn(u, &m, 6);                  /* learned again after being used: new */
    assert_ptr_not_equal(c, a);
    assert_int_equal(c->used_in, 0);
    assert_null(stun_usage_learn(u, NULL, 1));
    stun_usage_free(u);
}

static void bounded(void **state)
{
    stun_usage_t *u = stun_usage_new(100);
    stun_mapping_t *first;
    ss_endpoint_t m = ep("192.0.2.1", 1);
    first = stun_usage_learn(u, &m, 1);
    for (guint i = 2; i < 5000; i++) {
        ss_endpoint_t e = ep("192.0.2.1", (guint16)i);
        stun_usage_learn(u, &e, i);
        if (i % 3 == 0)
            stun_usage_advertise(u, &e, i + 1, STUN_ADV_CONTACT);
        assert_true(stun_usage_pending(u) <= 100);
    }
    assert_true(first->expired);
    assert_int_equal(stun_usage_advertise(u, &m, 9999, STUN_ADV_CONTACT), 0);
    stun_usage_free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_scenario),
        cmocka_unit_test(only_later_frames),
        cmocka_unit_test(shared_while_waiting),
        cmocka_unit_test(bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
