"""Uploads held in memory only: a child-level extract is never written to a temporary
file, as Django does with any upload over FILE_UPLOAD_MAX_MEMORY_SIZE."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

MAX_REQUEST_BYTES = 40 * 1024 * 1024  # every file of a large county's extract together, with room to spare


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Every file of the request in memory, up to `limit` bytes in all; beyond that the
    upload stops and `too_large` says so (the view refuses it)."""

    def __init__(self, request=None, limit: int = MAX_REQUEST_BYTES):
        super().__init__(request)
        self.limit = limit
        self.total = 0
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        if self.total > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
