/* fl-test-core.c: fixtures shared by the core tests */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fl-request.h"
#include "fl-test-core.h"

char *
fl_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("faceleads-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
fl_test_rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
      while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
          fl_test_rm_rf (child);
          g_object_unref (info);
        }
    }
  g_chmod (path, 0700);
  g_remove (path);
}

static gint64
add_user (FlTestUnit *unit,
          const char *username,
          const char *full_name,
          FlRoles     roles)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fl_accounts_create_user (unit->db, unit->admin, username, full_name, FL_TEST_PASSWORD,
                                       roles, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_training (FlTestUnit *unit,
              gint64      user_id,
              const char *completed,
              const char *expires)
{
  g_autoptr(GError) error = NULL;

  fl_accounts_add_training (unit->admin, user_id, "FBI", "Face comparison and identification",
                            completed, expires, &error);
  g_assert_no_error (error);
}

void
fl_test_unit_setup (FlTestUnit    *unit,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_year = g_date_time_add_years (now, -1);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *d_last = g_date_time_format (last_year, "%Y-%m-%d");
  g_autofree char *d_next = g_date_time_format (next_year, "%Y-%m-%d");
  g_autofree char *d_yesterday = g_date_time_format (yesterday, "%Y-%m-%d");
  FlUnitSetup setup = {
    .agency_name = "Example County Sheriff's Office",
    .unit_name = "Facial Recognition Unit",
    .report_contact = "Facial Recognition Unit, 555-0100, fru@example.org",
    .paper_size = "letter",
    .admin_username = "admin",
    .admin_full_name = "Alex Admin",
    .admin_password = FL_TEST_PASSWORD,
  };

  unit->dir = fl_test_make_tmpdir ();
  unit->db = fl_db_open (unit->dir, &error);
  g_assert_no_error (error);
  unit->admin_id = fl_unit_setup (unit->db, &setup, &error);
  g_assert_no_error (error);
  unit->admin = fl_accounts_login (unit->db, "admin", FL_TEST_PASSWORD, &error);
  g_assert_no_error (error);

  unit->examiner_id = add_user (unit, "ella", "Ella Examiner", FL_ROLE_EXAMINER);
  add_training (unit, unit->examiner_id, d_last, d_next);
  unit->untrained_id = add_user (unit, "uma", "Uma Untrained", FL_ROLE_EXAMINER);
  unit->expired_id = add_user (unit, "eddie", "Eddie Expired", FL_ROLE_EXAMINER);
  add_training (unit, unit->expired_id, "2020-01-01", d_yesterday);
  unit->requester_id = add_user (unit, "rita", "Det. Rita Requester", FL_ROLE_REQUESTER);
  unit->requester2_id = add_user (unit, "ravi", "Det. Ravi Other", FL_ROLE_REQUESTER);
  unit->records_id = add_user (unit, "rob", "Rob Records", FL_ROLE_RECORDS);
}

void
fl_test_unit_teardown (FlTestUnit    *unit,
                       gconstpointer  data)
{
  g_clear_object (&unit->admin);
  g_clear_object (&unit->db);
  fl_test_rm_rf (unit->dir);
  g_free (unit->dir);
}

FlSession *
fl_test_unit_login (FlTestUnit *unit,
                    const char *username)
{
  g_autoptr(GError) error = NULL;
  FlSession *session = fl_accounts_login (unit->db, username, FL_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  return session;
}

void
fl_test_sqlite3 (FlTestUnit *unit,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { "sqlite3", fl_db_get_path (unit->db), sql, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sqlite3 failed on “%s”: %s", sql, err);
}

char *
fl_test_faces_dir (void)
{
  const char *src = g_getenv ("FL_SOURCE_DIR");
  g_autofree char *dir = g_build_filename (src ? src : FL_SOURCE_DIR, "..", "shared", "testdata", "faces", NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/testdata/faces is absent: put the shared folder beside the clone to run this test");
      return NULL;
    }
  return g_steal_pointer (&dir);
}

gint64
fl_test_open_case (FlTestUnit  *unit,
                   FlSession   *requester,
                   FlSession   *examiner,
                   const char **paths,
                   guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) own = requester ? NULL : fl_test_unit_login (unit, "rita");
  FlSession *rita = requester ? requester : own;
  g_autoptr(FlRequestDraft) d = fl_request_draft_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 request_id, case_id;

  d->requesting_agency = g_strdup ("Example City Police Department");
  d->requester_name = g_strdup ("Det. Rita Requester");
  d->phone = g_strdup ("213-555-0100");
  d->email = g_strdup ("rrequester@examplepd.gov");
  d->agency_case_number = g_strdup_printf ("ECPD-%" G_GINT64_FORMAT, g_get_real_time ());
  d->incident_type = g_strdup ("Robbery");
  d->reason = g_strdup ("Robbery of a convenience store on 3 March at knifepoint; the suspect's face is "
                        "visible on the store's recorded CCTV and a witness saw him leave in a grey sedan.");
  d->purpose = g_strdup ("Suspect in a criminal offense");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autoptr(GBytes) bytes = NULL;
      gsize len;

      g_file_get_contents (paths[i], &data, &len, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new_take (g_steal_pointer (&data), len);
      fl_request_draft_add_image (d, bytes, base, "Store CCTV, recorded footage provided by the owner",
                                  FALSE, FL_IMAGE_KIND_SUBJECT_PHOTO);
    }
  d->image_count = (int) n;
  d->protected_class_attested = TRUE;
  d->ack_lead_only = TRUE;
  d->ack_name = g_strdup ("Det. Rita Requester");
  d->ack_date = g_date_time_format (now, "%Y-%m-%d");
  request_id = fl_request_submit (rita, d, &error);
  g_assert_no_error (error);
  if (own)
    fl_session_logout (own);
  case_id = fl_request_accept (examiner, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (case_id, >, 0);
  return case_id;
}
