#include "fl-error.h"

G_DEFINE_QUARK (fl-error-quark, fl_error)
