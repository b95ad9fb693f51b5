/* fl-test-gui.c: helpers for the display tests */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-application.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-test-gui.h"

#ifndef FL_TEST_SCREENSHOT_DIR
#error "FL_TEST_SCREENSHOT_DIR must name the folder for screenshots (see tests/meson.build)"
#endif

void
fl_test_gui_init (int    *argc,
                  char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* No animations and no blinking cursor: screenshots show a settled, repeatable state. */
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE,
                NULL);
}

void
fl_test_gui_unit_setup (FlTestUnit    *unit,
                        gconstpointer  data)
{
  fl_test_unit_setup (unit, data);
  fl_session_logout (unit->admin);
}

void
fl_test_gui_unit_teardown (FlTestUnit    *unit,
                           gconstpointer  data)
{
  fl_test_gui_close_all ();
  fl_test_unit_teardown (unit, data);
}

static gboolean
spin_done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fl_test_gui_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
fl_test_gui_wait_for (FlTestGuiCondition condition,
                      gpointer           user_data,
                      guint              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        return condition (user_data);
      fl_test_gui_spin (10);
    }
  return TRUE;
}

static gboolean
is_sized (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_height (widget) > 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

gboolean
fl_test_gui_wait_drawn (GtkWidget *widget,
                        guint      timeout_ms)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  if (!fl_test_gui_wait_for (is_sized, widget, timeout_ms))
    return FALSE;

  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    return FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  fl_test_gui_wait_for (is_true, &painted, timeout_ms);
  g_signal_handler_disconnect (clock, handler);
  return painted;
}

/* A blank image (one colour everywhere) means nothing was drawn. */
static gboolean
texture_has_content (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  guint32 first;

  gdk_texture_download (texture, pixels, stride);
  memcpy (&first, pixels, 4);
  for (gsize i = 4; i + 4 <= stride * height; i += 4)
    if (memcmp (pixels + i, &first, 4) != 0)
      return TRUE;
  return FALSE;
}

char *
fl_test_gui_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  GStatBuf st;
  char *path;
  int width, height;

  g_assert_true (GTK_IS_WIDGET (widget));
  if (!fl_test_gui_wait_drawn (widget, 5000))
    g_error ("%s: the widget was never drawn (is it in a shown window?)", name);
  /* Let size requests from the first frame (wrapping labels, icons) settle. */
  fl_test_gui_spin (150);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  g_assert_nonnull (texture);
  if (!texture_has_content (texture))
    g_error ("%s: the rendered image is blank", name);

  file_name = g_str_has_suffix (name, ".png") ? g_strdup (name) : g_strconcat (name, ".png", NULL);
  g_assert_cmpint (g_mkdir_with_parents (FL_TEST_SCREENSHOT_DIR, 0755), ==, 0);
  path = g_build_filename (FL_TEST_SCREENSHOT_DIR, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
  return path;
}

GtkWindow *
fl_test_gui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

typedef struct
{
  GType      type;
  GtkWindow *found;
} WindowQuery;

static gboolean
window_found (gpointer user_data)
{
  WindowQuery *query = user_data;

  query->found = fl_test_gui_find_window (query->type);
  return query->found != NULL;
}

GtkWindow *
fl_test_gui_wait_window (GType type,
                         guint timeout_ms)
{
  WindowQuery query = { type, NULL };

  fl_test_gui_wait_for (window_found, &query, timeout_ms);
  return query.found;
}

GtkWidget *
fl_test_gui_find_child (GtkWidget *widget,
                        GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = fl_test_gui_find_child (child, type)) != NULL)
        return found;
    }
  return NULL;
}

void
fl_test_gui_close_all (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Parents first: they take their own dialogs and help overlays with them.
   * No reference is kept, so no window outlives the one it belongs to. */
  for (guint guard = 0; guard < 100 && g_list_model_get_n_items (toplevels) > 0; guard++)
    {
      guint n = g_list_model_get_n_items (toplevels);
      GtkWindow *target = NULL;

      for (guint i = 0; i < n && target == NULL; i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (gtk_window_get_transient_for (window) == NULL)
            target = window;
        }
      if (target == NULL)
        {
          g_autoptr(GtkWindow) first = g_list_model_get_item (toplevels, 0);
          target = first;
        }
      gtk_window_destroy (target);
    }
  fl_test_gui_spin (20);
}

GtkWidget *
fl_test_gui_sign_in (GApplication *app,
                     FlTestUnit   *unit,
                     const char   *username)
{
  GtkWindow *login, *main_window;
  GObject *user_row, *password_row, *button;

  fl_application_open (FL_APPLICATION (app), unit->dir);
  login = fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 2000);
  g_assert_nonnull (login);
  user_row = gtk_widget_get_template_child (GTK_WIDGET (login), FL_TYPE_LOGIN_WINDOW, "username_row");
  password_row = gtk_widget_get_template_child (GTK_WIDGET (login), FL_TYPE_LOGIN_WINDOW, "password_row");
  button = gtk_widget_get_template_child (GTK_WIDGET (login), FL_TYPE_LOGIN_WINDOW, "sign_in_button");
  g_assert_true (user_row && password_row && button);
  gtk_editable_set_text (GTK_EDITABLE (user_row), username);
  gtk_editable_set_text (GTK_EDITABLE (password_row), FL_TEST_PASSWORD);
  gtk_widget_activate (GTK_WIDGET (button));
  main_window = fl_test_gui_wait_window (FL_TYPE_MAIN_WINDOW, 10000);
  g_assert_nonnull (main_window);
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (main_window), 5000));
  return GTK_WIDGET (main_window);
}

gboolean
fl_test_gui_use_spanish (void)
{
  if (!g_file_test (FL_TEST_LOCALE_DIR "/es/LC_MESSAGES/" GETTEXT_PACKAGE ".mo", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the Spanish catalogue is not built");
      return FALSE;
    }
  bindtextdomain (GETTEXT_PACKAGE, FL_TEST_LOCALE_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("LANGUAGE", "es", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  return TRUE;
}
