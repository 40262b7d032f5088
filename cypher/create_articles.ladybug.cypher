COPY Article FROM $rows
