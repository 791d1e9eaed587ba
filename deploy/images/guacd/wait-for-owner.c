/*
 * Preloaded into guacd 1.3.0 (LD_PRELOAD). Its RDP client thread starts inside the owner's join handler and,
 * as its first steps, gives the owner the connection's drive and sound (guac_client_for_owner). libguac records
 * the owner only after the join handler returns, so on a fast thread those calls find no owner: the drive and
 * the sound are silently never offered (seen in most connections on a 2-core host). This waits for the owner,
 * once per connection (guacd runs each connection in its own process) and for at most two seconds, before the
 * first such call; every later call goes straight through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <time.h>

typedef void* guac_user_callback(void* user, void* data);
typedef void* for_owner_function(void* client, guac_user_callback* callback, void* data);

static void* owner_of(void* user, void* data) {
    (void) data;
    return user;
}

void* guac_client_for_owner(void* client, guac_user_callback* callback, void* data) {
    static for_owner_function* real = NULL;
    static int waited = 0;
    if (real == NULL)
        real = (for_owner_function*) dlsym(RTLD_NEXT, "guac_client_for_owner");
    if (!waited) {
        waited = 1;
        struct timespec pause = { 0, 10 * 1000 * 1000 };
        for (int tries = 0; tries < 200 && real(client, owner_of, NULL) == NULL; tries++)
            nanosleep(&pause, NULL);
    }
    return real(client, callback, data);
}
