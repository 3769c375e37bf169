#include "layout/fc_load.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdlib.h>

#include "util/strbuf.h"

struct fc_load {
  GThread *thread;
};

static gpointer load(gpointer unused) {
  (void)unused;
  FcInit();
  return NULL;
}

fc_load *fc_load_start(void) {
  fc_load *l = xmalloc(sizeof *l);
  l->thread = g_thread_try_new("fc-load", load, NULL, NULL);
  if (!l->thread) FcInit();
  return l;
}

void fc_load_wait(fc_load *l) {
  if (!l) return;
  if (l->thread) g_thread_join(l->thread);
  free(l);
}
