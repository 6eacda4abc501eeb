/* Unit tests: dialog_fsm.c, sdp_summary.c, txn_table.c keys */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/sipdialog/dialog_fsm.h"
#include "plugins/sipdialog/sdp_summary.h"
#include "plugins/sipdialog/txn_table.h"

static void outcomes(void **state)
{
    assert_int_equal(sd_outcome_for_final(486, FALSE, FALSE), SD_OUTCOME_BUSY);
    assert_int_equal(sd_outcome_for_final(600, FALSE, FALSE), SD_OUTCOME_BUSY);
    assert_int_equal(sd_outcome_for_final(603, FALSE, FALSE), SD_OUTCOME_REJECTED);
    assert_int_equal(sd_outcome_for_final(404, FALSE, FALSE), SD_OUTCOME_REJECTED);
    assert_int_equal(sd_outcome_for_final(503, FALSE, FALSE), SD_OUTCOME_REJECTED);
    assert_int_equal(sd_outcome_for_final(487, FALSE, FALSE), SD_OUTCOME_CANCELLED);
    assert_int_equal(sd_outcome_for_final(408, FALSE, FALSE), SD_OUTCOME_UNANSWERED);
    assert_int_equal(sd_outcome_for_final(480, FALSE, FALSE), SD_OUTCOME_UNANSWERED);
    assert_int_equal(sd_outcome_for_final(302, FALSE, FALSE), SD_OUTCOME_REDIRECTED);
    assert_int_equal(sd_outcome_for_final(407, FALSE, FALSE), SD_OUTCOME_AUTH_FAILED);
    assert_int_equal(sd_outcome_for_final(401, TRUE, TRUE), SD_OUTCOME_AUTH_FAILED);
    assert_int_equal(sd_outcome_for_final(403, FALSE, FALSE), SD_OUTCOME_REJECTED);
    assert_int_equal(sd_outcome_for_final(403, TRUE, FALSE), SD_OUTCOME_AUTH_FAILED);
    assert_int_equal(sd_outcome_for_final(403, FALSE, TRUE), SD_OUTCOME_AUTH_FAILED);
    assert_int_equal(sd_outcome_for_final(200, FALSE, FALSE), SD_OUTCOME_ANSWERED);
    assert_string_equal(sd_outcome_str(SD_OUTCOME_AUTH_FAILED), "auth-failed");
    assert_string_equal(sd_outcome_str(SD_OUTCOME_IN_PROGRESS), "in-progress");
    assert_null(sd_outcome_str(SD_OUTCOME_NONE));
}

static void states(void **state)
{
    assert_int_equal(sd_state_on_provisional(SD_STATE_CALLING, FALSE), SD_STATE_PROCEEDING);
    assert_int_equal(sd_state_on_provisional(SD_STATE_PROCEEDING, TRUE), SD_STATE_EARLY);
    assert_int_equal(sd_state_on_provisional(SD_STATE_CONFIRMED, TRUE), SD_STATE_CONFIRMED);
    assert_int_equal(sd_state_on_2xx_initial(SD_STATE_EARLY), SD_STATE_CONFIRMED);
    assert_int_equal(sd_state_on_2xx_initial(SD_STATE_TERMINATED), SD_STATE_TERMINATED);
    assert_int_equal(sd_state_on_final_error(SD_STATE_EARLY, 486, FALSE), SD_STATE_FAILED);
    assert_int_equal(sd_state_on_final_error(SD_STATE_EARLY, 487, FALSE), SD_STATE_TERMINATED);
    assert_int_equal(sd_state_on_final_error(SD_STATE_TERMINATING, 487, FALSE), SD_STATE_TERMINATED);
    assert_int_equal(sd_state_on_final_error(SD_STATE_TERMINATING, 481, TRUE), SD_STATE_TERMINATING);
    assert_int_equal(sd_state_on_final_error(SD_STATE_CONFIRMED, 486, FALSE), SD_STATE_CONFIRMED);
    assert_int_equal(sd_state_on_bye(SD_STATE_CONFIRMED), SD_STATE_TERMINATING);
    assert_int_equal(sd_state_on_bye_final(SD_STATE_TERMINATING), SD_STATE_TERMINATED);
    assert_string_equal(sd_state_str(SD_STATE_EARLY), "early");
    assert_true(sd_response_creates_dialog("INVITE", 180, TRUE));
    assert_false(sd_response_creates_dialog("INVITE", 100, TRUE));
    assert_false(sd_response_creates_dialog("INVITE", 180, FALSE));
    assert_false(sd_response_creates_dialog("INVITE", 407, TRUE));
    assert_true(sd_response_creates_dialog("SUBSCRIBE", 202, TRUE));
    assert_false(sd_response_creates_dialog("SUBSCRIBE", 180, TRUE));
    assert_false(sd_response_creates_dialog("CANCEL", 200, TRUE));
    assert_false(sd_response_creates_dialog("REGISTER", 200, TRUE));
}

static void codecs(void **state)
{
    const char *one = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                      "m=audio 4000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
    const char *two = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                      "m=audio 4000 RTP/AVP 0 96\r\nm=video 0 RTP/AVP 97\r\nm=image 5000 udptl t38\r\n";
    ss_sdp_t *s = ss_sdp_parse(one, strlen(one));
    char *c = sd_sdp_codecs(s);
    assert_string_equal(c, "PCMA,PCMU,telephone-event");
    g_free(c);
    ss_sdp_free(s);
    s = ss_sdp_parse(two, strlen(two));
    c = sd_sdp_codecs(s);
    assert_string_equal(c, "audio:PCMU,PT96 video:- image:udptl");
    g_free(c);
    ss_sdp_free(s);
    s = ss_sdp_parse("v=0\r\n", 5);
    assert_null(sd_sdp_codecs(s));
    ss_sdp_free(s);
    assert_null(sd_sdp_codecs(NULL));
}

static void txn_keys(void **state)
{
    ss_sip_msg_t m;
    char *k1, *k2;
    memset(&m, 0, sizeof m);
    m.call = 3;
    m.has_cseq = TRUE;
    m.cseq = 7;
    m.via_branch = "z9hG4bKabc";
    k1 = sd_txn_key(&m, "INVITE");
    k2 = sd_txn_key(&m, "CANCEL");
    assert_string_not_equal(k1, k2);
    g_free(k2);
    m.cseq = 8;    /* RFC 3261: the branch alone identifies it */
    k2 = sd_txn_key(&m, "INVITE");
    assert_string_equal(k1, k2);
    g_free(k1);
    g_free(k2);
    /* RFC 2543 branch: CSeq, From tag and Via matter */
    m.via_branch = "0";
    m.from_tag = "a";
    m.via_host = "192.0.2.1";
    m.via_port = 5060;
    k1 = sd_txn_key(&m, "ACK");
    m.cseq = 9;
    k2 = sd_txn_key(&m, "ACK");
    assert_string_not_equal(k1, k2);
    g_free(k1);
    g_free(k2);
    assert_false(sd_branch_is_rfc3261("z9hG4bK"));
    assert_false(sd_branch_is_rfc3261(NULL));
    m.has_cseq = FALSE;
    assert_null(sd_txn_key(&m, "INVITE"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(outcomes),
        cmocka_unit_test(states),
        cmocka_unit_test(codecs),
        cmocka_unit_test(txn_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
