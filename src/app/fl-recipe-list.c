/* fl-recipe-list.c: the ordered, editable steps of an enhancement recipe
 *
 * The list keeps its own FlRecipe. Editing a parameter changes that step in place
 * (rows are not rebuilt, so the spin button keeps focus while the examiner types or
 * holds an arrow); adding, removing or moving a step rebuilds the rows.
 */
#include <glib/gi18n.h>

#include "fl-recipe-list.h"

struct _FlRecipeList
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkListBox *list;
  GtkWidget  *empty;     /* shown instead of the list when there are no steps */
  FlRecipe   *recipe;
  GPtrArray  *rows;      /* the row of each step, in order */
  GPtrArray  *spins;     /* GPtrArray of GtkSpinButton per step (NULL entries for none) */
  gboolean    updating;  /* setting spin values ourselves */
};

G_DEFINE_FINAL_TYPE (FlRecipeList, fl_recipe_list, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (FlRecipeList *self,
                     int           expanded);

/* Helpers */

static char *
format_value (const FlEnhanceParamInfo *p,
              double                    value)
{
  g_autofree char *number = g_strdup_printf ("%.*f", p->digits, value);

  if (*p->unit == '\0')
    return g_steal_pointer (&number);
  return g_strdup_printf (g_str_equal (p->unit, "px") ? "%s %s" : "%s%s", number, p->unit);
}

/* "Clip limit 2.0 · Tiles per side 8" */
static char *
summary (const FlEnhanceStep *step)
{
  const FlEnhanceOpInfo *info = fl_enhance_op_get_info (step->op);
  GString *out = g_string_new (NULL);

  if (step->op == FL_ENHANCE_LEVEL_EYES)
    {
      g_autofree char *angle = format_value (&info->params[0], step->params[0]);

      g_string_printf (out, step->params[5] != 0
                            ? _("Turned %s, from the eyes placed by hand at (%.0f, %.0f) and (%.0f, %.0f)")
                            : _("Turned %s, from the eyes found by the matcher at (%.0f, %.0f) and (%.0f, %.0f)"),
                       angle, step->params[1], step->params[2], step->params[3], step->params[4]);
      return g_string_free (out, FALSE);
    }
  if (info->n_params == 0)
    return g_string_free (out, FALSE);
  for (guint i = 0; i < info->n_params; i++)
    {
      g_autofree char *value = format_value (&info->params[i], step->params[i]);

      g_string_append_printf (out, "%s%s %s", i ? " · " : "", gettext (info->params[i].label), value);
    }
  return g_string_free (out, FALSE);
}

static char *
row_title (guint                position,
           const FlEnhanceStep *step)
{
  return g_strdup_printf ("%u. %s", position + 1, gettext (fl_enhance_op_get_info (step->op)->label));
}

static guint
position_of (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "fl-position"));
}

/* Callbacks */

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       FlRecipeList  *self)
{
  guint position = position_of (GTK_WIDGET (spin));
  guint param = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "fl-param"));
  FlEnhanceStep step;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (self->updating || position >= fl_recipe_get_n_steps (self->recipe))
    return;
  step = *fl_recipe_get_step (self->recipe, position);
  step.params[param] = gtk_spin_button_get_value (spin);
  fl_recipe_replace (self->recipe, position, &step);

  /* The stored value (rounded, odd window sizes) is what the spin button shows. */
  step = *fl_recipe_get_step (self->recipe, position);
  if (step.params[param] != gtk_spin_button_get_value (spin))
    {
      self->updating = TRUE;
      gtk_spin_button_set_value (spin, step.params[param]);
      self->updating = FALSE;
    }
  row = g_ptr_array_index (self->rows, position);
  subtitle = summary (&step);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
move_clicked_cb (GtkButton    *button,
                 FlRecipeList *self)
{
  guint position = position_of (GTK_WIDGET (button));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fl-delta"));
  guint n = fl_recipe_get_n_steps (self->recipe);
  int to = (int) position + delta;

  if (position >= n || to < 0 || to >= (int) n)
    return;
  fl_recipe_move (self->recipe, position, (guint) to);
  rebuild (self, -1);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_clicked_cb (GtkButton    *button,
                   FlRecipeList *self)
{
  guint position = position_of (GTK_WIDGET (button));

  if (position >= fl_recipe_get_n_steps (self->recipe))
    return;
  fl_recipe_remove (self->recipe, position);
  rebuild (self, -1);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Rows */

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             guint       position,
             gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_sensitive (button, sensitive);
  g_object_set_data (G_OBJECT (button), "fl-position", GUINT_TO_POINTER (position));
  return button;
}

static void
add_row_buttons (FlRecipeList *self,
                 GtkWidget    *row,
                 guint         position)
{
  guint n = fl_recipe_get_n_steps (self->recipe);
  GtkWidget *buttons[3];

  buttons[0] = icon_button ("go-up-symbolic", _("Move this step earlier"), position, position > 0);
  g_object_set_data (G_OBJECT (buttons[0]), "fl-delta", GINT_TO_POINTER (-1));
  g_signal_connect (buttons[0], "clicked", G_CALLBACK (move_clicked_cb), self);
  buttons[1] = icon_button ("go-down-symbolic", _("Move this step later"), position, position + 1 < n);
  g_object_set_data (G_OBJECT (buttons[1]), "fl-delta", GINT_TO_POINTER (1));
  g_signal_connect (buttons[1], "clicked", G_CALLBACK (move_clicked_cb), self);
  buttons[2] = icon_button ("user-trash-symbolic", _("Remove this step"), position, TRUE);
  g_signal_connect (buttons[2], "clicked", G_CALLBACK (remove_clicked_cb), self);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      /* An expander row puts each new action before the others. */
      if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row), buttons[G_N_ELEMENTS (buttons) - 1 - i]);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons[i]);
    }
}

static GtkWidget *
param_row (FlRecipeList        *self,
           const FlEnhanceStep *step,
           guint                position,
           guint                param,
           GPtrArray           *spins)
{
  const FlEnhanceParamInfo *p = &fl_enhance_op_get_info (step->op)->params[param];
  GtkAdjustment *adjustment = gtk_adjustment_new (step->params[param], p->min, p->max, p->step, p->step * 10, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, p->step, (guint) p->digits);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = *p->unit ? g_strdup_printf ("%s (%s)", gettext (p->label), p->unit)
                                    : g_strdup (gettext (p->label));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 7);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (spin), "fl-position", GUINT_TO_POINTER (position));
  g_object_set_data (G_OBJECT (spin), "fl-param", GUINT_TO_POINTER (param));
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_ptr_array_add (spins, spin);
  return row;
}

static GtkWidget *
step_row (FlRecipeList        *self,
          const FlEnhanceStep *step,
          guint                position,
          gboolean             expanded)
{
  const FlEnhanceOpInfo *info = fl_enhance_op_get_info (step->op);
  g_autofree char *title = row_title (position, step);
  g_autofree char *subtitle = summary (step);
  GPtrArray *spins = g_ptr_array_new ();
  GtkWidget *row;

  if (info->n_params == 0 || step->op == FL_ENHANCE_LEVEL_EYES)
    {
      row = adw_action_row_new ();
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
    }
  else
    {
      row = adw_expander_row_new ();
      for (guint i = 0; i < info->n_params; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), param_row (self, step, position, i, spins));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), expanded);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  add_row_buttons (self, row, position);
  g_ptr_array_add (self->spins, spins);
  return row;
}

/* Rebuilds every row; @expanded is the step whose row opens (-1: keep none open
 * except those that were). */
static void
rebuild (FlRecipeList *self,
         int           expanded)
{
  g_autoptr(GArray) was_open = g_array_new (FALSE, FALSE, sizeof (gboolean));
  GtkWidget *child;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      gboolean open = ADW_IS_EXPANDER_ROW (row) && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row));

      g_array_append_val (was_open, open);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->spins, 0);

  for (guint i = 0; i < fl_recipe_get_n_steps (self->recipe); i++)
    {
      gboolean open = (int) i == expanded || (expanded < 0 && i < was_open->len &&
                                              g_array_index (was_open, gboolean, i));
      GtkWidget *row = step_row (self, fl_recipe_get_step (self->recipe, i), i, open);

      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->rows->len > 0);
  gtk_widget_set_visible (self->empty, self->rows->len == 0);
}

/* Overrides */

static void
fl_recipe_list_dispose (GObject *object)
{
  FlRecipeList *self = FL_RECIPE_LIST (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (fl_recipe_list_parent_class)->dispose (object);
}

static void
fl_recipe_list_finalize (GObject *object)
{
  FlRecipeList *self = FL_RECIPE_LIST (object);

  g_clear_pointer (&self->recipe, fl_recipe_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  G_OBJECT_CLASS (fl_recipe_list_parent_class)->finalize (object);
}

static void
fl_recipe_list_class_init (FlRecipeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_recipe_list_dispose;
  object_class->finalize = fl_recipe_list_finalize;

  /**
   * FlRecipeList::changed:
   *
   * A step was edited, added, moved or removed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recipelist");
}

static void
fl_recipe_list_init (FlRecipeList *self)
{
  self->recipe = fl_recipe_new ();
  self->rows = g_ptr_array_new ();
  self->spins = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Enhancement steps, in the order they are applied"), -1);
  self->empty = gtk_label_new (_("No steps yet: the preview shows the original. Add a step above."));
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->empty), 0);
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->empty);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list));
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
fl_recipe_list_new (void)
{
  return g_object_new (FL_TYPE_RECIPE_LIST, NULL);
}

void
fl_recipe_list_set_recipe (FlRecipeList   *self,
                           const FlRecipe *recipe)
{
  g_return_if_fail (FL_IS_RECIPE_LIST (self));
  g_return_if_fail (recipe != NULL);
  fl_recipe_free (self->recipe);
  self->recipe = fl_recipe_copy (recipe);
  rebuild (self, -1);
  g_signal_emit (self, signals[CHANGED], 0);
}

const FlRecipe *
fl_recipe_list_get_recipe (FlRecipeList *self)
{
  g_return_val_if_fail (FL_IS_RECIPE_LIST (self), NULL);
  return self->recipe;
}

void
fl_recipe_list_append (FlRecipeList        *self,
                       const FlEnhanceStep *step)
{
  g_return_if_fail (FL_IS_RECIPE_LIST (self));
  g_return_if_fail (step != NULL);
  fl_recipe_append (self->recipe, step);
  rebuild (self, (int) fl_recipe_get_n_steps (self->recipe) - 1);
  g_signal_emit (self, signals[CHANGED], 0);
}

GtkSpinButton *
fl_recipe_list_get_spin (FlRecipeList *self,
                         guint         position,
                         guint         param)
{
  GPtrArray *spins;

  g_return_val_if_fail (FL_IS_RECIPE_LIST (self), NULL);
  if (position >= self->spins->len)
    return NULL;
  spins = g_ptr_array_index (self->spins, position);
  return param < spins->len ? g_ptr_array_index (spins, param) : NULL;
}
