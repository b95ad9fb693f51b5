/* fl-main-window.c: the signed-in person's window: sections, menu, idle lock
 *
 * The window holds the FlSession. Its sidebar lists only the sections the
 * person's roles use (the union over all roles held); each section is an
 * FlPage created with the session. After the idle time without keyboard
 * or pointer input (R3), FlLockScreen replaces the whole content until
 * fl_session_unlock() succeeds. While unlocked the session's claim on the
 * account is renewed every minute; closing the window signs out.
 */
#include <glib/gi18n.h>

#include "fl-admin-page.h"
#include "fl-cases-page.h"
#include "fl-gallery-page.h"
#include "fl-lock-screen.h"
#include "fl-main-window.h"
#include "fl-preferences-window.h"
#include "fl-reports-page.h"
#include "fl-requests-page.h"
#include "fl-review-page.h"
#include "fl-settings.h"

#define TOUCH_INTERVAL_SECONDS 60

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  FlRoles     roles;      /* shown to anyone holding one of these */
  GType     (*get_type) (void);
} Section;

/* The order is the sidebar's and that of the Ctrl+1…6 shortcuts. */
static const Section sections[] = {
  { "requests", N_("Requests"), "mail-unread-symbolic",
    FL_ROLE_REQUESTER | FL_ROLE_EXAMINER, fl_requests_page_get_type },
  { "cases", N_("Cases"), "folder-documents-symbolic",
    FL_ROLE_REQUESTER | FL_ROLE_EXAMINER | FL_ROLE_RECORDS, fl_cases_page_get_type },
  { "gallery", N_("Gallery"), "emblem-photos-symbolic",
    FL_ROLE_EXAMINER | FL_ROLE_ADMIN, fl_gallery_page_get_type },
  { "review", N_("Review"), "view-dual-symbolic",
    FL_ROLE_EXAMINER, fl_review_page_get_type },
  { "reports", N_("Reports"), "x-office-document-symbolic",
    FL_ROLE_REQUESTER | FL_ROLE_EXAMINER | FL_ROLE_RECORDS, fl_reports_page_get_type },
  { "administration", N_("Administration"), "system-users-symbolic",
    FL_ROLE_ADMIN, fl_admin_page_get_type },
};

struct _FlMainWindow
{
  AdwApplicationWindow parent_instance;

  FlSession           *session;
  gboolean             locked;
  gboolean             signed_out;
  gint64               last_input;        /* monotonic µs */
  guint                idle_lock_seconds;
  guint                idle_source;
  guint                touch_source;
  GtkWindow           *preferences;       /* weak */

  GtkStack            *lock_stack;
  AdwLeaflet          *leaflet;
  AdwWindowTitle      *sidebar_title;
  GtkListBox          *sidebar;
  GtkWidget           *content_box;
  AdwWindowTitle      *content_title;
  GtkStack            *content_stack;
  FlLockScreen        *lock_screen;
};

G_DEFINE_FINAL_TYPE (FlMainWindow, fl_main_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOCKED,
  N_PROPS
};

enum {
  SIGNAL_SIGNED_OUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const Section *
find_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].name, name) == 0)
      return &sections[i];
  return NULL;
}

static char *
roles_label (FlRoles roles)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (roles & FL_ROLE_REQUESTER)
    g_ptr_array_add (names, _("Requester"));
  if (roles & FL_ROLE_EXAMINER)
    g_ptr_array_add (names, _("Examiner"));
  if (roles & FL_ROLE_RECORDS)
    g_ptr_array_add (names, _("Records"));
  if (roles & FL_ROLE_ADMIN)
    g_ptr_array_add (names, _("Administrator"));
  g_ptr_array_add (names, NULL);
  /* Translators: separator between role names, e.g. "Requester, Examiner" */
  return g_strjoinv (_(", "), (char **) names->pdata);
}

static guint
read_idle_lock_seconds (FlSession *session)
{
  const char *override = g_getenv ("FACELEADS_IDLE_LOCK_SECONDS");
  gint64 minutes = fl_settings_get_int (fl_session_get_db (session), FL_SETTING_IDLE_LOCK_MINUTES);
  guint seconds = (guint) CLAMP (minutes, 1, 30) * 60;
  guint64 shorter;

  /* For tests: the variable may only shorten the unit's idle time, never lengthen it. */
  if (override != NULL && g_ascii_string_to_unsigned (override, 10, 1, seconds, &shorter, NULL))
    return (guint) shorter;
  return seconds;
}

static void
note_input (FlMainWindow *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                FlMainWindow             *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
      note_input (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Input in the window or in one of its dialogs counts as activity. */
static void
watch_input (FlMainWindow *self,
             GtkWidget    *window)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (input_event_cb), self, 0);
  gtk_widget_add_controller (window, controller);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  FlMainWindow *self = user_data;
  gint64 idle = g_get_monotonic_time () - self->last_input;

  if (!self->locked && idle >= (gint64) self->idle_lock_seconds * G_USEC_PER_SEC)
    fl_main_window_lock (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
touch_cb (gpointer user_data)
{
  FlMainWindow *self = user_data;

  /* While locked the lock screen may be checking a password on another
   * thread with the same database connection: leave the database alone. */
  if (self->locked)
    return G_SOURCE_CONTINUE;
  fl_session_touch (self->session);
  /* An administrator may have changed the idle time meanwhile. */
  self->idle_lock_seconds = read_idle_lock_seconds (self->session);
  return G_SOURCE_CONTINUE;
}

static void
set_actions_enabled (FlMainWindow *self)
{
  gboolean open = !self->locked;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.section", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.about", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences",
                                 open && fl_session_has_role (self->session, FL_ROLE_ADMIN));
}

/* Windows opened from this one (preferences, about, shortcuts) must not stay
 * on screen above the lock. */
static void
close_dialogs (FlMainWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *help_overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)));
  gboolean again = TRUE;

  /* Destroying a window changes the list: start over until none is left. */
  while (again)
    {
      again = FALSE;
      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && !again; i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (window != help_overlay && gtk_window_get_transient_for (window) == GTK_WINDOW (self))
            {
              gtk_window_destroy (window);
              again = TRUE;
            }
        }
    }
  if (help_overlay != NULL)
    gtk_widget_set_visible (GTK_WIDGET (help_overlay), FALSE);
}

static void
sidebar_row_selected_cb (FlMainWindow  *self,
                         GtkListBoxRow *row)
{
  const Section *section;
  GtkWidget *page;

  if (row == NULL || (section = find_section (gtk_widget_get_name (GTK_WIDGET (row)))) == NULL)
    return;

  gtk_stack_set_visible_child_name (self->content_stack, section->name);
  adw_window_title_set_title (self->content_title, _(section->title));
  page = gtk_stack_get_visible_child (self->content_stack);
  if (FL_IS_PAGE (page))
    fl_page_refresh (FL_PAGE (page));
}

static void
sidebar_row_activated_cb (FlMainWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (FlMainWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
lock_screen_unlocked_cb (FlMainWindow *self)
{
  self->locked = FALSE;
  note_input (self);
  gtk_stack_set_visible_child_name (self->lock_stack, "session");
  set_actions_enabled (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

static void
lock_screen_sign_out_cb (FlMainWindow *self)
{
  fl_main_window_sign_out (self);
}

static GtkWidget *
section_row (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (section->icon_name);
  GtkWidget *label = gtk_label_new (_(section->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->name);
  return row;
}

static void
build_sections (FlMainWindow *self)
{
  FlRoles roles = fl_session_get_roles (self->session);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *page;

      if ((sections[i].roles & roles) == 0)
        continue;
      page = g_object_new (sections[i].get_type (), "session", self->session, NULL);
      gtk_stack_add_titled (self->content_stack, page, sections[i].name, _(sections[i].title));
      gtk_list_box_append (self->sidebar, section_row (&sections[i]));
    }
  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));
}

static void
section_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FlMainWindow *self = FL_MAIN_WINDOW (widget);
  int number = g_variant_get_int32 (parameter);

  if (number < 1 || number > (int) G_N_ELEMENTS (sections) ||
      !fl_main_window_show_section (self, sections[number - 1].name))
    gtk_widget_error_bell (widget);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fl_main_window_lock (FL_MAIN_WINDOW (widget));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  fl_main_window_sign_out (FL_MAIN_WINDOW (widget));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FlMainWindow *self = FL_MAIN_WINDOW (widget);

  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (fl_preferences_window_new (GTK_WINDOW (self), self->session));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      watch_input (self, GTK_WIDGET (self->preferences));
    }
  gtk_window_present (self->preferences);
}

static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FlMainWindow *self = FL_MAIN_WINDOW (widget);
  FlDb *db = fl_session_get_db (self->session);
  g_autofree char *debug_info = NULL;
  GtkWidget *about;

  debug_info = g_strdup_printf ("FaceLeads %s\nData folder: %s\nDatabase schema: %d\nGTK %u.%u.%u\nlibadwaita %u.%u.%u\n",
                                PACKAGE_VERSION, fl_db_get_data_dir (db), fl_db_get_schema_version (db),
                                gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", self,
                        "modal", TRUE,
                        "application-name", "FaceLeads",
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The FaceLeads developers"),
                        "comments", _("Facial-recognition searches for police units, from request to report. "
                                      "Every result is an investigative lead, never a positive identification."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        NULL);
  watch_input (self, about);
  gtk_window_present (GTK_WINDOW (about));
}

static void
setup_help_overlay (FlMainWindow *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/example/FaceLeads/ui/help-overlay.ui");
  GtkShortcutsWindow *overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
  watch_input (self, GTK_WIDGET (overlay));
}

static gboolean
fl_main_window_close_request (GtkWindow *window)
{
  FlMainWindow *self = FL_MAIN_WINDOW (window);

  if (!self->signed_out && self->session != NULL)
    {
      fl_session_logout (self->session);
      self->signed_out = TRUE;
    }
  return GTK_WINDOW_CLASS (fl_main_window_parent_class)->close_request (window);
}

static void
fl_main_window_constructed (GObject *object)
{
  FlMainWindow *self = FL_MAIN_WINDOW (object);
  g_autofree char *roles = NULL;

  G_OBJECT_CLASS (fl_main_window_parent_class)->constructed (object);

  g_assert (FL_IS_SESSION (self->session));

  roles = roles_label (fl_session_get_roles (self->session));
  adw_window_title_set_title (self->sidebar_title, fl_session_get_full_name (self->session));
  adw_window_title_set_subtitle (self->sidebar_title, roles);
  fl_lock_screen_set_session (self->lock_screen, self->session);
  build_sections (self);
  setup_help_overlay (self);
  set_actions_enabled (self);

  watch_input (self, GTK_WIDGET (self));
  note_input (self);
  self->idle_lock_seconds = read_idle_lock_seconds (self->session);
  self->idle_source = g_timeout_add_seconds (1, idle_check_cb, self);
  self->touch_source = g_timeout_add_seconds (TOUCH_INTERVAL_SECONDS, touch_cb, self);
}

static void
fl_main_window_dispose (GObject *object)
{
  FlMainWindow *self = FL_MAIN_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->touch_source, g_source_remove);
  if (self->preferences != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      gtk_window_destroy (self->preferences);
      self->preferences = NULL;
    }
  if (!self->signed_out && self->session != NULL)
    {
      fl_session_logout (self->session);
      self->signed_out = TRUE;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_MAIN_WINDOW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_main_window_parent_class)->dispose (object);
}

static void
fl_main_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlMainWindow *self = FL_MAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_main_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlMainWindow *self = FL_MAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_main_window_class_init (FlMainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = fl_main_window_constructed;
  object_class->dispose = fl_main_window_dispose;
  object_class->get_property = fl_main_window_get_property;
  object_class->set_property = fl_main_window_set_property;
  window_class->close_request = fl_main_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlMainWindow::signed-out:
   *
   * The person signed out; the window closes right after.
   */
  signals[SIGNAL_SIGNED_OUT] = g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FL_TYPE_LOCK_SCREEN);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-main-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, lock_stack);
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FlMainWindow, lock_screen);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, lock_screen_unlocked_cb);
  gtk_widget_class_bind_template_callback (widget_class, lock_screen_sign_out_cb);

  gtk_widget_class_install_action (widget_class, "win.section", "i", section_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.section", "i", (gint32) i + 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
}

static void
fl_main_window_init (FlMainWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_main_window_new (GtkApplication *application,
                    FlSession      *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_MAIN_WINDOW, "application", application, "session", session, NULL);
}

FlSession *
fl_main_window_get_session (FlMainWindow *self)
{
  g_return_val_if_fail (FL_IS_MAIN_WINDOW (self), NULL);

  return self->session;
}

gboolean
fl_main_window_has_section (FlMainWindow *self,
                            const char   *name)
{
  g_return_val_if_fail (FL_IS_MAIN_WINDOW (self), FALSE);

  return name != NULL && gtk_stack_get_child_by_name (self->content_stack, name) != NULL;
}

gboolean
fl_main_window_show_section (FlMainWindow *self,
                             const char   *name)
{
  g_return_val_if_fail (FL_IS_MAIN_WINDOW (self), FALSE);

  if (self->locked || !fl_main_window_has_section (self, name))
    return FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      {
        gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
        adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
        return TRUE;
      }
  return FALSE;
}

const char *
fl_main_window_get_section (FlMainWindow *self)
{
  g_return_val_if_fail (FL_IS_MAIN_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

GtkWidget *
fl_main_window_get_page (FlMainWindow *self,
                         const char   *name)
{
  g_return_val_if_fail (FL_IS_MAIN_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->content_stack, name);
}

void
fl_main_window_lock (FlMainWindow *self)
{
  g_return_if_fail (FL_IS_MAIN_WINDOW (self));

  if (self->locked || self->signed_out)
    return;

  self->locked = TRUE;
  close_dialogs (self);
  gtk_stack_set_visible_child_name (self->lock_stack, "locked");
  fl_lock_screen_reset (self->lock_screen);
  set_actions_enabled (self);
  fl_session_audit (self->session, "screen.lock", 0, "success", NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

gboolean
fl_main_window_is_locked (FlMainWindow *self)
{
  g_return_val_if_fail (FL_IS_MAIN_WINDOW (self), FALSE);

  return self->locked;
}

guint
fl_main_window_get_idle_lock_seconds (FlMainWindow *self)
{
  g_return_val_if_fail (FL_IS_MAIN_WINDOW (self), 0);

  return self->idle_lock_seconds;
}

void
fl_main_window_sign_out (FlMainWindow *self)
{
  g_return_if_fail (FL_IS_MAIN_WINDOW (self));

  if (!self->signed_out)
    {
      fl_session_logout (self->session);
      self->signed_out = TRUE;
    }
  g_signal_emit (self, signals[SIGNAL_SIGNED_OUT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}
