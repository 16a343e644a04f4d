/** Starting a deployable whose database may not be up yet: wait, say so on {@code /ready}, or give up in one line. */
package com.acme.orders.platform.startup;
