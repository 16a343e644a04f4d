package com.acme.orders.localrun;

import java.lang.reflect.Method;

/**
 * A program whose class-data archive cannot hold every class it loaded: after 15 reflective calls the JVM
 * generates an accessor class, which CDS refuses with a warning when it writes the archive at exit.
 */
public final class ReflectiveMain {

    private ReflectiveMain() {
    }

    public static void main(String[] args) throws Exception {
        Method method = ReflectiveMain.class.getDeclaredMethod("call");
        for (int i = 0; i < 50; i++) {
            method.invoke(null);
        }
    }

    public static void call() {
        // only called reflectively
    }
}
