package io.crmw.app.engine;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Names what went wrong when crmw cannot write where it keeps its files (the warehouse, its state database): a
 * directory without write permission, a path under a regular file, a read-only file system, a full disk. One line
 * saying what and what to do, instead of a stack trace.
 */
public final class StorageProblem {
    private StorageProblem() {}

    /** The one-line explanation of {@code failure} while writing {@code what} at {@code path}, when it is one of these. */
    public static Optional<String> describe(String what, Path path, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<String> problem = classify(t);
            if (problem.isPresent()) {
                return Optional.of("cannot write " + what + " at " + path + ": " + problem.get());
            }
        }
        return Optional.empty();
    }

    /** As {@link #describe}, as an exception without a cause, so the CLI prints its message and nothing else. */
    public static RuntimeException unusable(String what, Path path, Throwable failure) {
        return describe(what, path, failure).<RuntimeException>map(IllegalStateException::new)
                .orElseGet(() -> failure instanceof RuntimeException r ? r : new IllegalStateException(failure));
    }

    private static Optional<String> classify(Throwable t) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("no space left on device") || m.contains("disk full") || m.contains("disk is full")
                || m.contains("not enough space")) {
            return Optional.of("the disk is full; free some space (or point crmw.warehouse at a larger disk) and run "
                    + "again: nothing committed so far is lost");
        }
        if (m.contains("read-only file system")) {
            return Optional.of("the file system is mounted read-only; point crmw.warehouse at a writable location");
        }
        if (t instanceof NotDirectoryException || t instanceof FileAlreadyExistsException
                || m.contains("not a directory")) {
            Path blocking = t instanceof java.nio.file.FileSystemException fse && fse.getFile() != null
                    ? Path.of(fse.getFile()) : null;
            while (blocking != null && !Files.exists(blocking)) {
                blocking = blocking.getParent(); // the nearest part of the path that exists is the file in the way
            }
            return Optional.of((blocking != null && Files.isRegularFile(blocking)
                    ? blocking + " is a file, not a directory" : "a part of the path is a file, not a directory")
                    + "; fix crmw.warehouse in the config");
        }
        if (t instanceof AccessDeniedException || m.contains("permission denied") || m.contains("access is denied")
                || m.contains("operation not permitted")) {
            return Optional.of("permission denied; make the directory writable for user '" + System.getProperty("user.name")
                    + "' or point crmw.warehouse at a writable location");
        }
        return Optional.empty();
    }
}
