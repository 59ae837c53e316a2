package dev.jitsideploy.remote;

import java.util.Arrays;
import java.util.Objects;

/** A file as it is on a host: its exact bytes, owner and mode. The bytes may be secret; toString leaves them out. */
public record RemoteFile(String path, byte[] content, OwnerAndMode ownerAndMode) {

    public RemoteFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(ownerAndMode, "ownerAndMode");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RemoteFile that && path.equals(that.path) && Arrays.equals(content, that.content)
                && ownerAndMode.equals(that.ownerAndMode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Arrays.hashCode(content), ownerAndMode);
    }

    @Override
    public String toString() {
        return "RemoteFile[" + path + ", " + content.length + " bytes, " + ownerAndMode + "]";
    }
}
