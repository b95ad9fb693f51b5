/* fl-cli-retention.c: faceleads-cli retention preview|purge [--as-of YYYY-MM-DD] */
#include "fl-cli.h"
#include "fl-retention.h"

#define RETENTION_USAGE "retention preview|purge [--as-of YYYY-MM-DD] [--yes]"

int
fl_cli_retention_main (FlCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autofree char *as_of = NULL;
  g_autofree char *cutoff = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GError) error = NULL;
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, "Apply the rule as on this date (default today)", "YYYY-MM-DD" },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes, "Purge without asking (after a preview)", NULL },
    { NULL }
  };
  gboolean purge;
  guint purged = 0;

  if (!fl_cli_parse (&argc, &argv, entries, "preview|purge — records past the retention period", &error))
    return fl_cli_fail (error);
  if (argc != 2 || (!g_str_equal (argv[1], "preview") && !g_str_equal (argv[1], "purge")))
    return fl_cli_usage (RETENTION_USAGE);
  purge = g_str_equal (argv[1], "purge");

  cutoff = fl_retention_cutoff (cli->db, as_of, &error);
  if (cutoff == NULL || !fl_retention_preview (cli->db, as_of, &items, &error))
    return fl_cli_fail (error);
  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, item->kind));
      if (n == 0)
        g_ptr_array_add (kinds, (gpointer) item->kind);
      g_hash_table_insert (counts, (gpointer) item->kind, GUINT_TO_POINTER (n + 1));
      if (g_str_equal (item->kind, "case"))
        g_print ("case %" G_GINT64_FORMAT " %s\n", item->id, item->label ? item->label : "");
    }
  g_print ("Cases closed before %s go (audit rows are always kept):", cutoff);
  for (guint k = 0; k < kinds->len; k++)
    g_print ("%s %u %s", k ? "," : "", GPOINTER_TO_UINT (g_hash_table_lookup (counts, kinds->pdata[k])),
             (const char *) kinds->pdata[k]);
  g_print ("%s\n", kinds->len ? "." : " nothing.");
  if (!purge || items->len == 0)
    return 0;
  if (!yes)
    {
      g_printerr ("faceleads-cli: add --yes to purge what is listed above.\n");
      return 2;
    }

  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  if (!fl_retention_purge (actor, as_of, &purged, &error))
    {
      fl_session_logout (actor);
      return fl_cli_fail (error);
    }
  fl_session_logout (actor);
  g_print ("Purged %u records and images.\n", purged);
  return 0;
}
