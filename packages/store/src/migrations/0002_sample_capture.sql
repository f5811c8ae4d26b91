-- How a finger sample was captured (contact scanner image or contactless phone photo), so that its
-- template can be re-extracted through the same pipeline when the template format changes
-- (`candor finger upgrade-templates`). NULL for samples stored before this column and for faces.
ALTER TABLE samples ADD COLUMN capture text CHECK (capture IN ('contact', 'contactless'));
