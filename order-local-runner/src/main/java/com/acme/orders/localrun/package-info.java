/**
 * The local run: the PostgreSQL the apps use ({@link com.acme.orders.localrun.LocalPostgres}, embedded when there
 * is none), a supervisor that starts a Kafka broker and the three apps as separate processes from
 * the jars that would be deployed, restarts any that dies, and stops them all on Ctrl-C; plus demo data.
 */
package com.acme.orders.localrun;
