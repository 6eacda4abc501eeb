/* ws_credentials.h: the credentials every sipscope part shares (epan glue).
 *
 * Sources, merged in this order (the first matching row wins):
 *   1. the UAT whose file name is `sipscope_credentials` (columns username, realm, password,
 *      ha1), e.g. tshark -o 'uat:sipscope_credentials:"alice","sipscope.test","alicepw",""'
 *      or the file `sipscope_credentials` in the profile directory;
 *   2. the file named by the preference `sipauth.credentials_file`, same CSV format.
 * Both are registered under the sipauth preferences module (sipauth_register calls
 * ss_credentials_register). The merged store is rebuilt lazily after a change and at every
 * capture file's init, so a lookup always sees the current tables.
 *
 * Lookup (credentials.h has the row type and ss_cred_key() for keys/HA1):
 *     const ss_cred_t *c = ss_credentials_find("alice", "sipscope.test");
 * Exact realm first, then realm ignoring case, then a row with an empty realm.
 * A row's password/ha1 must never reach a field, expert info, log line or tap record. */
#ifndef SIPSCOPE_WS_CREDENTIALS_H
#define SIPSCOPE_WS_CREDENTIALS_H

#include <epan/prefs.h>
#include "plugins/core/credentials.h"

/* Register the UAT and the file preference in `module` (call once, from register_protoinfo). */
void ss_credentials_register(module_t *module);

/* The row for user@realm, or NULL. Valid until the next preference/UAT change. */
const ss_cred_t *ss_credentials_find(const char *user, const char *realm);

/* The whole merged table (for callers that must scan it, e.g. RFC 7616 userhash). */
const ss_cred_store_t *ss_credentials_store(void);

#endif
