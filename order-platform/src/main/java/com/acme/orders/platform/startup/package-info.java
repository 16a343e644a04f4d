/** Start-up of a deployable while its database may not be up yet: wait, show it on {@code /ready}, or give up in one line. */
package com.acme.orders.platform.startup;
