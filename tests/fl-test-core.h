/* fl-test-core.h: fixtures shared by the core tests */
#pragma once

#include "fl-accounts.h"
#include "fl-audit.h"
#include "fl-db.h"
#include "fl-settings.h"
#include "fl-store.h"

G_BEGIN_DECLS

#define FL_TEST_PASSWORD "correct-horse-battery"

typedef struct
{
  char      *dir;
  FlDb      *db;
  FlSession *admin;
  gint64     admin_id;
  gint64     examiner_id;   /* examiner with current training */
  gint64     untrained_id;  /* examiner without training */
  gint64     expired_id;    /* examiner whose training expired */
  gint64     requester_id;
  gint64     requester2_id;
  gint64     records_id;
} FlTestUnit;

/* A temporary data folder with a set-up unit and one account of each kind,
 * all with password FL_TEST_PASSWORD. */
void       fl_test_unit_setup    (FlTestUnit    *unit,
                                  gconstpointer  data);
void       fl_test_unit_teardown (FlTestUnit    *unit,
                                  gconstpointer  data);
FlSession *fl_test_unit_login    (FlTestUnit    *unit,
                                  const char    *username);
char      *fl_test_make_tmpdir   (void);
void       fl_test_rm_rf         (const char    *path);
/* Runs the sqlite3 command-line tool on the unit's database. */
void       fl_test_sqlite3       (FlTestUnit    *unit,
                                  const char    *sql);
/* A case opened from rita's request with the image files @paths, accepted by
 * @examiner (trained). @requester is rita's session when the caller holds one. */
gint64     fl_test_open_case     (FlTestUnit    *unit,
                                  FlSession     *requester,
                                  FlSession     *examiner,
                                  const char   **paths,
                                  guint          n);
/* ../shared/testdata/faces, or NULL (and the test is skipped) when absent. */
char      *fl_test_faces_dir     (void);

G_END_DECLS
