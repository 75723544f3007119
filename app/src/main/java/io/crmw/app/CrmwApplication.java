package io.crmw.app;

public class CrmwApplication {
    public static void main(String[] args) {}
}
