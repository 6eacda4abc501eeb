/* Unit tests: stun_txn.c (pairing by transaction ID, retransmissions, bounds). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "stun_verify/stun_txn.h"

#define SEC G_GINT64_CONSTANT(1000000000)

static void id_of(guint8 id[STUN_TXN_ID_LEN], guint n)
{
    memset(id, 0, STUN_TXN_ID_LEN);
    id[0] = 0x21; id[1] = 0x12; id[2] = 0xa4; id[3] = 0x42;
    id[12] = (guint8)(n >> 24); id[13] = (guint8)(n >> 16); id[14] = (guint8)(n >> 8); id[15] = (guint8)n;
}

static void pair_across_conversations(void **state)
{
    stun_txn_table_t *t = stun_txn_table_new(16, 60 * SEC);
    guint8 id[STUN_TXN_ID_LEN];
    ss_endpoint_t c, s, alt;
    stun_txn_event_t ev;
    stun_txn_t *req, *resp;

    ss_endpoint_parse(&c, "10.0.0.5", 5062);
    ss_endpoint_parse(&s, "198.51.100.3", 3478);
    ss_endpoint_parse(&alt, "198.51.100.4", 3479);
    id_of(id, 1);
    req = stun_txn_seen(t, id, 1, TRUE, 1, 1 * SEC, &c, &s, &ev);
    assert_int_equal(ev, STUN_TXN_NEW_REQUEST);
    assert_int_equal(req->request_frame, 1);
    assert_int_equal(req->response_frame, 0);
    assert_true(ss_endpoint_equal(&req->request_src, &c));
    /* the answer comes from another address (CHANGE-REQUEST): still paired by ID */
    resp = stun_txn_seen(t, id, 1, FALSE, 2, 1 * SEC + 5000000, &alt, &c, &ev);
    assert_ptr_equal(resp, req);
    assert_int_equal(ev, STUN_TXN_RESPONSE);
    assert_int_equal(req->response_frame, 2);
    assert_int_equal(req->response_ts - req->request_ts, 5000000);
    stun_txn_table_free(t);
}

static void retransmissions_and_duplicates(void **state)
{
    stun_txn_table_t *t = stun_txn_table_new(16, 60 * SEC);
    guint8 id[STUN_TXN_ID_LEN];
    stun_txn_event_t ev;
    stun_txn_t *x;

    id_of(id, 7);
    x = stun_txn_seen(t, id, 1, TRUE, 10, 0, NULL, NULL, &ev);
    assert_ptr_equal(stun_txn_seen(t, id, 1, TRUE, 11, SEC / 2, NULL, NULL, &ev), x);
    assert_int_equal(ev, STUN_TXN_RETRANSMISSION);
    assert_int_equal(x->requests, 2);
    assert_int_equal(x->request_frame, 10);
    assert_ptr_equal(stun_txn_seen(t, id, 1, FALSE, 12, SEC, NULL, NULL, &ev), x);
    assert_int_equal(ev, STUN_TXN_RESPONSE);
    assert_ptr_equal(stun_txn_seen(t, id, 1, FALSE, 13, SEC, NULL, NULL, &ev), x);
    assert_int_equal(ev, STUN_TXN_DUP_RESPONSE);
    assert_int_equal(x->response_frame, 12);
    assert_int_equal(x->responses, 2);
    /* an error response to another method with the same ID is another transaction */
    assert_ptr_not_equal(stun_txn_seen(t, id, 3, FALSE, 14, SEC, NULL, NULL, &ev), x);
    assert_int_equal(ev, STUN_TXN_ORPHAN_RESPONSE);
    stun_txn_table_free(t);
}

static void orphans_and_reordering(void **state)
{
    stun_txn_table_t *t = stun_txn_table_new(16, 60 * SEC);
    guint8 id[STUN_TXN_ID_LEN];
    stun_txn_event_t ev;
    stun_txn_t *x;

    id_of(id, 9);
    x = stun_txn_seen(t, id, 1, FALSE, 5, 0, NULL, NULL, &ev);
    assert_int_equal(ev, STUN_TXN_ORPHAN_RESPONSE);
    assert_int_equal(x->request_frame, 0);
    /* the request captured after its response (merged captures): they still pair */
    assert_ptr_equal(stun_txn_seen(t, id, 1, TRUE, 6, 1, NULL, NULL, &ev), x);
    assert_int_equal(ev, STUN_TXN_NEW_REQUEST);
    assert_int_equal(x->request_frame, 6);
    assert_int_equal(x->response_frame, 5);
    stun_txn_table_free(t);
}

static void expiry_by_time(void **state)
{
    stun_txn_table_t *t = stun_txn_table_new(16, 60 * SEC);
    guint8 id[STUN_TXN_ID_LEN];
    stun_txn_event_t ev;
    stun_txn_t *x;

    id_of(id, 3);
    x = stun_txn_seen(t, id, 1, TRUE, 1, 0, NULL, NULL, &ev);
    /* a response 2 minutes later does not pair (the transaction timed out long ago) */
    assert_ptr_not_equal(stun_txn_seen(t, id, 1, FALSE, 2, 120 * SEC, NULL, NULL, &ev), x);
    assert_int_equal(ev, STUN_TXN_ORPHAN_RESPONSE);
    assert_int_equal(x->response_frame, 0);
    stun_txn_table_free(t);
}

static void bounded_index(void **state)
{
    stun_txn_table_t *t = stun_txn_table_new(100, 0);
    guint8 id[STUN_TXN_ID_LEN];
    stun_txn_event_t ev;
    stun_txn_t *first;

    id_of(id, 0);
    first = stun_txn_seen(t, id, 1, TRUE, 1, 0, NULL, NULL, &ev);
    for (guint i = 1; i < 10000; i++) {
        id_of(id, i);
        stun_txn_seen(t, id, 1, TRUE, i + 1, i, NULL, NULL, &ev);
        assert_true(stun_txn_open_count(t) <= 100);
    }
    assert_int_equal(stun_txn_total_count(t), 10000);
    /* the oldest left the index: its late response is an orphan; a recent one still pairs */
    id_of(id, 0);
    assert_ptr_not_equal(stun_txn_seen(t, id, 1, FALSE, 20000, 20000, NULL, NULL, &ev), first);
    assert_int_equal(ev, STUN_TXN_ORPHAN_RESPONSE);
    id_of(id, 9999);
    stun_txn_seen(t, id, 1, FALSE, 20001, 20001, NULL, NULL, &ev);
    assert_int_equal(ev, STUN_TXN_RESPONSE);
    stun_txn_table_free(t);
}

static void keys(void **state)
{
    stun_txn_table_t *t = stun_txn_table_new(4, 0);
    guint8 id[STUN_TXN_ID_LEN];
    stun_txn_event_t ev;
    stun_txn_t *x;

    id_of(id, 1);
    x = stun_txn_seen(t, id, 1, TRUE, 1, 0, NULL, NULL, &ev);
    stun_txn_set_key(x, (const guint8 *)"pw1", 3, "ice-pwd of ufrag a", TRUE);
    stun_txn_set_key(x, (const guint8 *)"password2", 9, "ice-pwd of ufrag b", FALSE);
    assert_int_equal(x->key_len, 9);
    assert_memory_equal(x->key, "password2", 9);
    assert_string_equal(x->key_from, "ice-pwd of ufrag b");
    assert_false(x->key_valid);
    stun_txn_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pair_across_conversations),
        cmocka_unit_test(retransmissions_and_duplicates),
        cmocka_unit_test(orphans_and_reordering),
        cmocka_unit_test(expiry_by_time),
        cmocka_unit_test(bounded_index),
        cmocka_unit_test(keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
