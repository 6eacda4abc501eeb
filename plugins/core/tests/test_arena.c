/* test_arena.c: the bump allocator of the dialog store and the media map. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "plugins/core/arena.h"

static void aligned_zeroed_distinct(void **state)
{
    ss_arena_t *a = ss_arena_new();
    enum { N = 20000 };
    guint8 **p = g_new0(guint8 *, N);
    gsize total = 0;

    for (guint i = 0; i < N; i++) {
        gsize n = 1 + (i * 37) % 300;
        p[i] = ss_arena_alloc0(a, n);
        assert_non_null(p[i]);
        assert_int_equal((guintptr)p[i] & 7, 0);
        for (gsize k = 0; k < n; k++)
            assert_int_equal(p[i][k], 0);
        memset(p[i], (int)(i & 0xff), n);
        total += n;
    }
    /* nothing overwrote an earlier object */
    for (guint i = 0; i < N; i++) {
        gsize n = 1 + (i * 37) % 300;
        for (gsize k = 0; k < n; k++)
            assert_int_equal(p[i][k], i & 0xff);
    }
    assert_true(ss_arena_memory(a) >= total);
    assert_true(ss_arena_memory(a) < total + total / 4 + 128 * 1024);
    g_free(p);
    ss_arena_free(a);
    ss_arena_free(NULL);
}

static void large_objects(void **state)
{
    ss_arena_t *a = ss_arena_new();
    guint8 *small1 = ss_arena_alloc0(a, 16);
    guint8 *big = ss_arena_alloc0(a, 100000);      /* a block of its own */
    guint8 *small2 = ss_arena_alloc0(a, 16);
    guint8 *zero = ss_arena_alloc0(a, 0);

    assert_non_null(zero);
    assert_int_equal((guintptr)big & 7, 0);
    memset(big, 0xab, 100000);
    /* the small ones still share the first block */
    assert_ptr_equal(small2, small1 + 16);
    assert_int_equal(small1[0], 0);
    assert_int_equal(small2[15], 0);
    assert_true(ss_arena_memory(a) >= 100000 + 4096);
    ss_arena_free(a);

    /* a large object first */
    a = ss_arena_new();
    big = ss_arena_alloc0(a, 50000);
    small1 = ss_arena_alloc0(a, 8);
    assert_non_null(big);
    assert_non_null(small1);
    ss_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aligned_zeroed_distinct),
        cmocka_unit_test(large_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
