/* main.c: starts FaceLeads */
#include <glib/gi18n.h>
#include <locale.h>

#include "fl-application.h"

static gboolean
wants_help (int    argc,
            char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--help") || g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "-?"))
      return TRUE;
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FlApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without a display GTK would only stop with a terse warning. --help needs none. */
  if (!wants_help (argc, argv) && !gtk_init_check ())
    {
      g_printerr ("%s\n", _("FaceLeads needs a graphical display. Run it from a desktop session, "
                            "or without one: xvfb-run -a faceleads"));
      return 1;
    }

  app = fl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
