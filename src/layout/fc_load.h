/* Loading fontconfig's configuration ahead, on a thread of its own.

   Why: fontconfig reads its configuration (fonts/fonts.conf and the system's) and its font caches
   the first time it is asked anything, about 5 ms, all on the thread that asks. fill asks first when
   the filled form is ready to be laid out; starting the load when fill starts lets it run on the
   second core while the first reads, checks and fills the form. Only this thread touches fontconfig
   until fc_load_wait returns: its lazy start-up is not something to race on. */
#ifndef CF_FC_LOAD_H
#define CF_FC_LOAD_H

typedef struct fc_load fc_load;

/* Starts the load (after layout_use_fonts has named the configuration). Never NULL; without a
   thread, it loads here. */
fc_load *fc_load_start(void);
/* Waits until the configuration is loaded, then frees l. Call it before anything else asks
   fontconfig (pango, the face cutting). NULL is fine. */
void fc_load_wait(fc_load *l);
#endif
