package dev.logremediation.verify;

/** The calls of a verification purchase, in order, as the route makes them. */
enum PurchaseCall {
    LOGIN("PUT", "/api/auth"),
    MENU("GET", "/api/order/menu"),
    STORES("GET", "/api/franchise"),
    ORDER("POST", "/api/order"),
    VERIFY("POST", "/api/order/verify"),
    LOGOUT("DELETE", "/api/auth");

    final String method;
    final String path;

    PurchaseCall(String method, String path) {
        this.method = method;
        this.path = path;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
