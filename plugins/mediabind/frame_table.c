/* frame_table.c: paged frame number -> guintptr table (see frame_table.h). */
#include "plugins/mediabind/frame_table.h"

#define PAGE_SIZE (1u << MB_FRAME_PAGE_BITS)

struct mb_frame_table {
    guintptr **pages;    /* directory, n_pages entries, NULL = page not allocated */
    guint      n_pages;
    guint      n_alloc;  /* allocated pages */
};

mb_frame_table_t *mb_frame_table_new(void)
{
    return g_new0(mb_frame_table_t, 1);
}

void mb_frame_table_free(mb_frame_table_t *t)
{
    if (!t)
        return;
    for (guint i = 0; i < t->n_pages; i++)
        g_free(t->pages[i]);
    g_free(t->pages);
    g_free(t);
}

void mb_frame_table_set(mb_frame_table_t *t, guint32 frame, guintptr value)
{
    guint p = frame >> MB_FRAME_PAGE_BITS;
    if (p >= t->n_pages) {
        guint n = t->n_pages ? t->n_pages : 16;
        while (n <= p)
            n *= 2;
        t->pages = g_renew(guintptr *, t->pages, n);
        for (guint i = t->n_pages; i < n; i++)
            t->pages[i] = NULL;
        t->n_pages = n;
    }
    if (!t->pages[p]) {
        if (!value)
            return;
        t->pages[p] = g_new0(guintptr, PAGE_SIZE);
        t->n_alloc++;
    }
    t->pages[p][frame & (PAGE_SIZE - 1)] = value;
}

guintptr mb_frame_table_get(const mb_frame_table_t *t, guint32 frame)
{
    guint p = frame >> MB_FRAME_PAGE_BITS;
    if (!t || p >= t->n_pages || !t->pages[p])
        return 0;
    return t->pages[p][frame & (PAGE_SIZE - 1)];
}

gsize mb_frame_table_memory(const mb_frame_table_t *t)
{
    return t ? t->n_pages * sizeof(guintptr *) + (gsize)t->n_alloc * PAGE_SIZE * sizeof(guintptr) : 0;
}
