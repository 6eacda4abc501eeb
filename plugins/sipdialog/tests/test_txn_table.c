/* Unit tests: txn_table.c response copies (the signature list grows on demand, up to its cap) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "plugins/sipdialog/txn_table.h"
#include "plugins/sipdialog/sd_store.h"

static void response_copies_grow_to_cap(void **state)
{
    sd_store_t *st = sd_store_new();
    sd_txn_table_t *t = sd_txn_table_new();
    sd_txn_t txn = { 0 };
    ss_endpoint_t a, b;
    const ss_endpoint_t *src, *dst;
    const char *tag = sd_store_str(st, "t1");
    sd_txn_work_t *w;
    (void)state;

    ss_endpoint_parse(&a, "192.0.2.1", 5060);
    ss_endpoint_parse(&b, "192.0.2.2", 5060);
    src = sd_store_ep(st, &a);
    dst = sd_store_ep(st, &b);
    w = sd_txn_insert(t, g_strdup("1|B|z9hG4bK1|INVITE"), &txn, 0);
    assert_ptr_equal(sd_txn_lookup(t, "1|B|z9hG4bK1|INVITE"), w);

    /* 100, 180, 200 and their repeats: each repeat counted on its own response */
    assert_int_equal(sd_txn_response_copy(w, 100, NULL, 0, 0, src, dst), 0);
    assert_int_equal(sd_txn_response_copy(w, 180, tag, 0, 0, src, dst), 0);
    assert_int_equal(sd_txn_response_copy(w, 200, tag, 0, 7, src, dst), 0);
    assert_int_equal(sd_txn_response_copy(w, 180, tag, 0, 0, src, dst), 1);
    assert_int_equal(sd_txn_response_copy(w, 200, tag, 0, 7, src, dst), 1);
    assert_int_equal(sd_txn_response_copy(w, 200, tag, 0, 7, src, dst), 2);
    /* the same status from elsewhere (another capture point) is another response */
    assert_int_equal(sd_txn_response_copy(w, 200, tag, 0, 7, dst, src), 0);

    /* distinct provisional responses up to the cap are remembered, beyond it they are not */
    for (guint r = 1; r <= SD_TXN_MAX_SIGS; r++)
        sd_txn_response_copy(w, 183, tag, r, 0, src, dst);
    assert_int_equal(w->n_sigs, SD_TXN_MAX_SIGS);
    assert_int_equal(sd_txn_response_copy(w, 183, tag, 1, 0, src, dst), 1);       /* kept: a copy */
    assert_int_equal(sd_txn_response_copy(w, 183, tag, SD_TXN_MAX_SIGS, 0, src, dst), 0);   /* dropped */
    assert_int_equal(sd_txn_response_copy(w, 200, tag, 0, 7, src, dst), 3);       /* earlier ones stay */

    sd_txn_table_free(t);      /* frees the work items and their lists (ASan/valgrind check) */
    sd_store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(response_copies_grow_to_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
